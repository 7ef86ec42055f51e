import { ValidationError } from '../errors/validation-error.js';
import type { Decimal } from '../money/decimal.js';
import { toDecimal } from '../money/decimal-text.js';
import { oneOf, toBool } from '../params/basic-fields.js';
import {
  type PriceForm,
  priceOrOffset,
  timeSpec,
  toClOrdId,
  toOrderFlags,
  toUserref,
} from '../params/order-fields.js';
import { type Converter, WireBuilder } from '../params/wire-builder.js';
import { parseLeverage } from './leverage.js';
import {
  CLOSE_ORDER_TYPES,
  type CloseOrderType,
  ORDER_SIDES,
  ORDER_TYPES,
  type OrderFlag,
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

/** The readers of each price form (exported for the common order shape, which reads a limit price as they do). */
export const PRICE_READERS = {
  absolute: priceOrOffset('absolute'),
  relative: priceOrOffset('relative'),
  'signed-relative': priceOrOffset('signed-relative'),
  'plus-relative': priceOrOffset('plus-relative'),
  'signed-offset': priceOrOffset('signed-offset'),
} as const;

const TRIGGERED_TYPES: ReadonlySet<OrderType> = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

export const readOrderType = oneOf(ORDER_TYPES);
export const readSide = oneOf(ORDER_SIDES);
const readCloseType = oneOf(CLOSE_ORDER_TYPES);
const readStp = oneOf(SELF_TRADE_PREVENTION);
const readTrigger = oneOf(PRICE_TRIGGERS);
const readTimeInForce = oneOf(TIME_IN_FORCE);
export const readPositive: Converter<Decimal> = (field, value) => toDecimal(field, value);
const ZERO_ALLOWED = { allowZero: true } as const;
const readVolumeOrZero: Converter<Decimal> = (field, value) => toDecimal(field, value, ZERO_ALLOWED);
const readStart = timeSpec({ minRelativeSeconds: 0 });
// docs/kraken/rest-endpoints.md: a relative expiry must be at least 5 s away.
const readExpire = timeSpec({ minRelativeSeconds: 5 });
// docs/kraken/rest-endpoints.md: a GTD expiry at most one month ahead. An absolute time depends on the clock at
// send time; a relative one does not, so it is checked here, against the longest month (no expiry Kraken takes is
// refused).
const MAX_GTD_RELATIVE_SECONDS = 31 * 24 * 3600;

function isRelative(spec: string | undefined): spec is string {
  return spec?.startsWith('+') === true;
}

/**
 * Reads one order's fields (AddOrder, or one AddOrderBatch entry) onto `w` in their final form (money as
 * Decimals, flags as a list), checking how they combine: the prices each order type takes, volume 0 only on
 * closing orders, post-only and viqc only where Kraken allows them, timing consistent with the time in force.
 */
export function readOrderFields(w: WireBuilder): void {
  const ordertype = w.required('ordertype', readOrderType);
  const side = w.required('type', readSide);
  readPrices(w, ordertype);
  const leverage = w.optional('leverage', parseLeverage);
  const reduceOnly = w.optional('reduce_only', toBool);
  readVolume(w, ordertype, leverage !== undefined && leverage !== 'none', reduceOnly === true);
  w.optional('stptype', readStp);
  w.atMostOne('userref', 'cl_ord_id');
  w.optional('userref', toUserref);
  w.optional('cl_ord_id', toClOrdId);
  const hasClose = readClose(w);
  const trigger = w.optional('trigger', readTrigger);
  if (trigger !== undefined && !TRIGGERED_TYPES.has(ordertype) && !hasClose) {
    throw new ValidationError(
      w.field('trigger'),
      trigger,
      'a stop, take-profit or trailing order, or a conditional close',
    );
  }
  readFlags(w, ordertype, side, leverage);
  readTiming(w, ordertype);
}

function readPrices(w: WireBuilder, ordertype: OrderType): void {
  const rule = PRICE_RULES[ordertype];
  for (const name of ['price', 'price2'] as const) {
    const form = rule[name];
    if (form === 'none') {
      if (w.has(name))
        throw new ValidationError(w.field(name), w.params[name], `no ${name} for ${ordertype} orders`);
    } else if (form === 'optional') {
      w.optional(name, PRICE_READERS.relative);
    } else {
      w.required(name, PRICE_READERS[form]);
    }
  }
}

function readVolume(w: WireBuilder, ordertype: OrderType, leveraged: boolean, reduceOnly: boolean): void {
  // Kraken reads volume 0 on a closing margin order as "the whole position" (docs/kraken/rest-endpoints.md AddOrder `volume`).
  const allowZero = leveraged || reduceOnly || ordertype === 'settle-position';
  const volume = w.required('volume', allowZero ? readVolumeOrZero : readPositive);
  const displayvol = w.optional('displayvol', readPositive);
  if (displayvol === undefined) return;
  if (ordertype !== 'iceberg')
    throw new ValidationError(w.field('displayvol'), displayvol.toFixed(), 'iceberg orders only');
  const minimum: Decimal = volume.dividedBy(15);
  if (displayvol.lessThan(minimum)) {
    throw new ValidationError(
      w.field('displayvol'),
      displayvol.toFixed(),
      `at least 1/15 of volume (${minimum.toSignificantDigits(12).toFixed()})`,
    );
  }
}

function readClose(w: WireBuilder): boolean {
  if (!w.has('close')) return false;
  const close = new WireBuilder(w.field('close'), w.params['close'], ['ordertype', 'price', 'price2']);
  const ordertype = close.required('ordertype', readCloseType) satisfies CloseOrderType;
  readPrices(close, ordertype);
  w.set('close', Object.freeze(close.done()));
  return true;
}

function readFlags(
  w: WireBuilder,
  ordertype: OrderType,
  side: string,
  leverage: number | 'none' | undefined,
) {
  const flags = w.optional('oflags', toOrderFlags);
  if (flags === undefined) return;
  w.set('oflags', checkedFlags(w.field('oflags'), flags, ordertype, side, leverage));
}

/** Order flags (read by `toOrderFlags`) checked against the order they go with, frozen. */
export function checkedFlags(
  field: string,
  flags: OrderFlag[],
  ordertype: OrderType,
  side: string,
  leverage: number | 'none' | undefined,
): readonly OrderFlag[] {
  if (flags.includes('post') && ordertype !== 'limit' && ordertype !== 'iceberg') {
    throw new ValidationError(field, 'post', 'post-only on limit (or iceberg) orders only');
  }
  if (flags.includes('viqc') && (ordertype !== 'market' || side !== 'buy')) {
    throw new ValidationError(field, 'viqc', 'viqc (volume in quote) on buy market orders only');
  }
  if (flags.includes('viqc') && leverage !== undefined && leverage !== 'none') {
    throw new ValidationError(field, 'viqc', 'viqc on spot orders only (not with leverage)');
  }
  return Object.freeze(flags);
}

function readTiming(w: WireBuilder, ordertype: OrderType): void {
  w.optional('starttm', readStart);
  const expiretm = w.optional('expiretm', readExpire);
  const tif = w.optional('timeinforce', readTimeInForce);
  const expires = expiretm !== undefined && expiretm !== '0';
  if (tif === 'GTD' && !expires) {
    throw new ValidationError(w.field('expiretm'), expiretm, 'an expiry time with timeinforce GTD');
  }
  if (tif === 'GTD' && isRelative(expiretm) && Number(expiretm.slice(1)) > MAX_GTD_RELATIVE_SECONDS) {
    throw new ValidationError(
      w.field('expiretm'),
      expiretm,
      'a GTD expiry at most one month (+2678400) ahead',
    );
  }
  if ((tif === 'IOC' || tif === 'FOK') && expires) {
    throw new ValidationError(w.field('expiretm'), expiretm, `no expiry with timeinforce ${tif}`);
  }
  if (tif === 'FOK' && ordertype !== 'limit') {
    throw new ValidationError(w.field('timeinforce'), tif, 'FOK on limit orders only');
  }
}
