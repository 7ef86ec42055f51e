import { Decimal } from 'decimal.js';
import { ValidationError } from '../../errors/index.js';
import { toWireDecimal } from '../../money.js';
import { oneOf, toBool } from '../validate/basic-fields.js';
import {
  type PriceForm,
  price,
  timeSpec,
  toClOrdId,
  toLeverage,
  toOrderFlags,
  toUserref,
} from '../validate/order-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';
import {
  CLOSE_ORDER_TYPES,
  type CloseOrderType,
  ORDER_SIDES,
  ORDER_TYPES,
  type OrderType,
  PRICE_TRIGGERS,
  SELF_TRADE_PREVENTION,
  TIME_IN_FORCE,
} from './order-types.js';

/** Which of `price`/`price2` an order type takes, and in which form (docs/kraken/rest-endpoints.md AddOrder, relative prices). */
interface PriceRule {
  price: PriceForm | 'none' | 'optional';
  price2: PriceForm | 'none';
}

const PRICE_RULES: Record<OrderType, PriceRule> = {
  market: { price: 'none', price2: 'none' },
  limit: { price: 'relative', price2: 'none' },
  iceberg: { price: 'relative', price2: 'none' },
  'stop-loss': { price: 'relative', price2: 'none' },
  'take-profit': { price: 'relative', price2: 'none' },
  'stop-loss-limit': { price: 'relative', price2: 'relative' },
  'take-profit-limit': { price: 'relative', price2: 'relative' },
  'trailing-stop': { price: 'plus-relative', price2: 'none' },
  'trailing-stop-limit': { price: 'plus-relative', price2: 'signed-offset' },
  // Settling a position needs no price; Kraken's docs do not say one is refused, so it stays optional.
  'settle-position': { price: 'optional', price2: 'none' },
};

const TRIGGERED_TYPES: ReadonlySet<OrderType> = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

/** Writes the validated order fields (AddOrder, or one AddOrderBatch entry) onto `w`, checking how they combine. */
export function writeOrderFields(w: WireBuilder): void {
  const ordertype = w.required('ordertype', oneOf(ORDER_TYPES));
  const side = w.required('type', oneOf(ORDER_SIDES));
  writePrices(w, ordertype);
  const leverage = w.optional('leverage', toLeverage);
  const reduceOnly = w.optional('reduce_only', toBool);
  writeVolume(w, ordertype, leverage !== undefined && leverage !== 'none', reduceOnly === true);
  w.optional('stptype', oneOf(SELF_TRADE_PREVENTION));
  w.atMostOne('userref', 'cl_ord_id');
  w.optional('userref', toUserref);
  w.optional('cl_ord_id', toClOrdId);
  const hasClose = writeClose(w);
  const trigger = w.optional('trigger', oneOf(PRICE_TRIGGERS));
  if (trigger !== undefined && !TRIGGERED_TYPES.has(ordertype) && !hasClose) {
    throw new ValidationError(
      w.field('trigger'),
      trigger,
      'a stop, take-profit or trailing order, or a conditional close',
    );
  }
  writeFlags(w, ordertype, side, leverage);
  writeTiming(w, ordertype);
}

function writePrices(w: WireBuilder, ordertype: OrderType): void {
  const rule = PRICE_RULES[ordertype];
  for (const name of ['price', 'price2'] as const) {
    const form = rule[name];
    if (form === 'none') {
      if (w.has(name))
        throw new ValidationError(w.field(name), w.params[name], `no ${name} for ${ordertype} orders`);
    } else if (form === 'optional') {
      w.optional(name, price('relative'));
    } else {
      w.required(name, price(form));
    }
  }
}

function writeVolume(w: WireBuilder, ordertype: OrderType, leveraged: boolean, reduceOnly: boolean): void {
  // Kraken reads volume 0 on a closing margin order as "the whole position" (docs/kraken/rest-endpoints.md AddOrder `volume`).
  const zeroAllowed = leveraged || reduceOnly || ordertype === 'settle-position';
  const volume = w.required('volume', (f, v) => toWireDecimal(f, v, { allowZero: zeroAllowed }));
  const displayvol = w.optional('displayvol', (f, v) => toWireDecimal(f, v));
  if (displayvol === undefined) return;
  if (ordertype !== 'iceberg')
    throw new ValidationError(w.field('displayvol'), displayvol, 'iceberg orders only');
  const minimum = new Decimal(volume).dividedBy(15);
  if (new Decimal(displayvol).lessThan(minimum)) {
    throw new ValidationError(
      w.field('displayvol'),
      displayvol,
      `at least 1/15 of volume (${minimum.toSignificantDigits(12).toFixed()})`,
    );
  }
}

function writeClose(w: WireBuilder): boolean {
  if (!w.has('close')) return false;
  const close = new WireBuilder(w.field('close'), w.params['close'], ['ordertype', 'price', 'price2']);
  const ordertype = close.required('ordertype', oneOf(CLOSE_ORDER_TYPES)) satisfies CloseOrderType;
  writePrices(close, ordertype);
  w.set('close', close.done());
  return true;
}

function writeFlags(w: WireBuilder, ordertype: OrderType, side: string, leverage: string | undefined): void {
  const flags = w.optional('oflags', toOrderFlags);
  if (flags === undefined) return;
  const field = w.field('oflags');
  if (flags.includes('post') && ordertype !== 'limit' && ordertype !== 'iceberg') {
    throw new ValidationError(field, 'post', 'post-only on limit (or iceberg) orders only');
  }
  if (flags.includes('viqc') && (ordertype !== 'market' || side !== 'buy')) {
    throw new ValidationError(field, 'viqc', 'viqc (volume in quote) on buy market orders only');
  }
  if (flags.includes('viqc') && leverage !== undefined && leverage !== 'none') {
    throw new ValidationError(field, 'viqc', 'viqc on spot orders only (not with leverage)');
  }
  w.set('oflags', flags.join(','));
}

function writeTiming(w: WireBuilder, ordertype: OrderType): void {
  w.optional('starttm', timeSpec({ minRelativeSeconds: 0 }));
  // docs/kraken/rest-endpoints.md: a relative expiry must be at least 5 s away.
  const expiretm = w.optional('expiretm', timeSpec({ minRelativeSeconds: 5 }));
  const tif = w.optional('timeinforce', oneOf(TIME_IN_FORCE));
  const expires = expiretm !== undefined && expiretm !== '0';
  if (tif === 'GTD' && !expires) {
    throw new ValidationError(w.field('expiretm'), expiretm, 'an expiry time with timeinforce GTD');
  }
  if ((tif === 'IOC' || tif === 'FOK') && expires) {
    throw new ValidationError(w.field('expiretm'), expiretm, `no expiry with timeinforce ${tif}`);
  }
  if (tif === 'FOK' && ordertype !== 'limit') {
    throw new ValidationError(w.field('timeinforce'), tif, 'FOK on limit orders only');
  }
}
