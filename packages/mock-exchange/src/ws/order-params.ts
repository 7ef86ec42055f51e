import type { ExchangeContext } from '../context.js';
import { Decimal } from '../core/decimal.js';
import { invalidArgument, isKrakenRejection, KrakenRejection } from '../core/rejection.js';
import { Params } from '../endpoints/params.js';
import type { Pair } from '../market/pairs.js';
import type { Deadline } from '../orders/deadline.js';
import { type OrderRequest, parseOrderRequest } from '../orders/order-request.js';

/**
 * WebSocket v2 order fields → the exchange's OrderRequest. The v2 names are rewritten into AddOrder's (order_type →
 * ordertype, order_qty → volume, triggers.price → price, limit_price → price or price2, margin → the pair's maximum
 * leverage, post_only → oflags post...) and parsed by the REST parser, so both paths share every rule and error
 * string; an `EGeneral:Invalid arguments:<field>` names the v2 field. A trailing stop's `triggers.price` is its offset
 * (`price_type` pct or quote) and a trailing-stop-limit's `limit_price` the limit's offset from the trigger (quote
 * unless pct). Not simulated (refused as invalid arguments): iceberg and settle-position orders, display_qty, and an
 * effective_time still to come.
 */

const WS_TO_REST_TYPE = new Set([
  'market',
  'limit',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

/** REST argument names as v2 names, for error strings. */
const V2_FIELD: Record<string, string> = {
  ordertype: 'order_type',
  type: 'side',
  volume: 'order_qty',
  price: 'limit_price',
  price2: 'limit_price',
  timeinforce: 'time_in_force',
  expiretm: 'expire_time',
  starttm: 'effective_time',
  userref: 'order_userref',
  leverage: 'margin',
  oflags: 'post_only',
  trigger: 'triggers',
  'close[ordertype]': 'conditional',
  stptype: 'stp_type',
  pair: 'symbol',
};

const ORDER_KEYS = new Set([
  'order_type',
  'side',
  'order_qty',
  'cash_order_qty',
  'limit_price',
  'limit_price_type',
  'triggers',
  'time_in_force',
  'margin',
  'post_only',
  'reduce_only',
  'effective_time',
  'expire_time',
  'cl_ord_id',
  'order_userref',
  'fee_preference',
  'no_mpp',
  'stp_type',
  'sender_sub_id',
  'conditional',
]);

type Fields = Readonly<Record<string, unknown>>;

/** A v2 number (or numeric text) as plain decimal text; JSON numbers go through their shortest round-trip text. */
export function decimalText(field: string, value: unknown): string {
  const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
  if (!ok) throw invalidArgument(field);
  try {
    return new Decimal(value).toFixed();
  } catch {
    throw invalidArgument(field);
  }
}

/** A v2 price with its `*_type`: absolute text, or AddOrder's relative form (`+5`, `-1.5%`). */
function priceText(field: string, value: unknown, type: unknown): string {
  const text = decimalText(field, value);
  if (type === undefined || type === 'static') return text;
  if (type !== 'pct' && type !== 'quote') throw invalidArgument(`${field}_type`);
  const sign = text.startsWith('-') ? '-' : '+';
  return `${sign}${text.replace(/^-/, '')}${type === 'pct' ? '%' : ''}`;
}

/**
 * The unit of a limit price: a trailing-stop-limit's is always an offset from the trigger (quote by default, and a
 * static value is read as that offset, as Kraken's v2 page describes it); other orders' as given.
 */
function limitTypeOf(orderType: unknown, type: unknown): unknown {
  if (orderType !== 'trailing-stop-limit') return type;
  return type === undefined || type === 'static' ? 'quote' : type;
}

function record(field: string, value: unknown): Fields | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(field);
  return value as Fields;
}

/** The pair's largest leverage for the side: what v2 `margin: true` funds the order with (docs/kraken/rest-endpoints.md). */
export function maxLeverage(pair: Pair, side: unknown): number | undefined {
  const offered = side === 'sell' ? pair.leverageSell : pair.leverageBuy;
  return offered.length === 0 ? undefined : Math.max(...offered);
}

function times(fields: Fields, out: Record<string, unknown>): void {
  if (fields.time_in_force !== undefined) out.timeinforce = String(fields.time_in_force).toUpperCase();
  // AddOrder's starttm: a start still to come is refused there (the mock does not schedule orders), not ignored.
  if (fields.effective_time !== undefined) {
    const ms = Date.parse(String(fields.effective_time));
    if (Number.isNaN(ms)) throw invalidArgument('effective_time');
    out.starttm = String(Math.floor(ms / 1000));
  }
  if (fields.expire_time !== undefined) {
    const ms = Date.parse(String(fields.expire_time));
    if (Number.isNaN(ms)) throw invalidArgument('expire_time');
    out.expiretm = String(Math.floor(ms / 1000));
  }
}

function prices(fields: Fields, out: Record<string, unknown>): void {
  const type = String(fields.order_type);
  const triggers = record('triggers', fields.triggers);
  const limit =
    fields.limit_price === undefined
      ? undefined
      : priceText('limit_price', fields.limit_price, limitTypeOf(type, fields.limit_price_type));
  if (triggers !== undefined) {
    if (type.startsWith('trailing-stop') && (triggers.price_type ?? 'static') === 'static')
      throw invalidArgument('triggers', 'a trailing offset is pct or quote');
    out.price = priceText('triggers', triggers.price, triggers.price_type);
    if (triggers.reference !== undefined) out.trigger = triggers.reference;
    if (limit !== undefined) out.price2 = limit;
  } else if (limit !== undefined) {
    out.price = limit;
  }
  if (type !== 'market' && type !== 'limit' && triggers === undefined)
    throw invalidArgument('triggers', 'required');
}

function flags(pair: Pair, fields: Fields, out: Record<string, unknown>): void {
  const oflags: string[] = [];
  if (fields.post_only === true) oflags.push('post');
  if (fields.fee_preference === 'base') oflags.push('fcib');
  else if (fields.fee_preference === 'quote') oflags.push('fciq');
  else if (fields.fee_preference !== undefined) throw invalidArgument('fee_preference');
  if (fields.cash_order_qty !== undefined) oflags.push('viqc');
  if (oflags.length > 0) out.oflags = oflags;
  if (fields.reduce_only !== undefined) out.reduce_only = fields.reduce_only;
  if (fields.margin === true) {
    // A pair without margin gets a leverage it does not offer, so REST's own rule refuses it with REST's string.
    out.leverage = String(maxLeverage(pair, fields.side) ?? 2);
  } else if (fields.margin !== undefined && fields.margin !== false) {
    throw invalidArgument('margin');
  }
}

function conditional(fields: Fields, out: Record<string, unknown>): void {
  const close = record('conditional', fields.conditional);
  if (close === undefined) return;
  const spec: Record<string, unknown> = { ordertype: close.order_type };
  const limit =
    close.limit_price === undefined
      ? undefined
      : priceText('conditional', close.limit_price, limitTypeOf(close.order_type, close.limit_price_type));
  const trigger =
    close.trigger_price === undefined
      ? undefined
      : priceText('conditional', close.trigger_price, close.trigger_price_type);
  if (trigger !== undefined) {
    spec.price = trigger;
    if (limit !== undefined) spec.price2 = limit;
  } else if (limit !== undefined) spec.price = limit;
  out.close = spec;
}

/** v2's self-trade prevention values and their REST spelling. */
const STP_TYPE: Readonly<Record<string, string>> = {
  cancel_newest: 'cancel-newest',
  cancel_oldest: 'cancel-oldest',
  cancel_both: 'cancel-both',
};

function invalidStpType(): never {
  throw invalidArgument('stp_type');
}

/** AddOrder-named params of one v2 order. */
function restParams(pair: Pair, fields: Fields): Record<string, unknown> {
  if (!WS_TO_REST_TYPE.has(String(fields.order_type))) throw invalidArgument('order_type');
  if ((fields.order_qty === undefined) === (fields.cash_order_qty === undefined))
    throw invalidArgument('order_qty');
  const quantity = fields.order_qty ?? fields.cash_order_qty;
  const out: Record<string, unknown> = {
    ordertype: fields.order_type,
    type: fields.side,
    volume: decimalText(fields.order_qty === undefined ? 'cash_order_qty' : 'order_qty', quantity),
  };
  prices(fields, out);
  times(fields, out);
  flags(pair, fields, out);
  conditional(fields, out);
  if (fields.cl_ord_id !== undefined) out.cl_ord_id = fields.cl_ord_id;
  if (fields.order_userref !== undefined) out.userref = fields.order_userref;
  if (fields.stp_type !== undefined) out.stptype = STP_TYPE[String(fields.stp_type)] ?? invalidStpType();
  return out;
}

/** Renames the field of an `EGeneral:Invalid arguments:<field>` rejection to its v2 name. */
export function withV2Field(error: unknown): unknown {
  if (!isKrakenRejection(error)) return error;
  const code = v2ErrorCode(error.code);
  return code === error.code ? error : new KrakenRejection(code, error.message);
}

/** An error string with the field of `EGeneral:Invalid arguments:<field>` under its v2 name (others as they are). */
export function v2ErrorCode(code: string): string {
  const match = /^(EGeneral:Invalid arguments):(.+)$/.exec(code);
  const renamed = match?.[2] === undefined ? undefined : V2_FIELD[match[2]];
  return renamed === undefined ? code : `${match?.[1]}:${renamed}`;
}

/**
 * Parses one v2 order (add_order params, or a batch_add entry with the batch's symbol) into the exchange's
 * OrderRequest. `deadline` and `validate` come from the request (batch_add gives them once for all orders).
 */
export function orderRequestOf(
  ctx: ExchangeContext,
  symbol: unknown,
  fields: Fields,
  options: { validate: boolean; deadline: Deadline | undefined },
): OrderRequest {
  if (typeof symbol !== 'string') throw invalidArgument('symbol');
  const pair = ctx.catalog.pair(symbol);
  for (const key of Object.keys(fields)) if (!ORDER_KEYS.has(key)) throw invalidArgument(key);
  try {
    const request = parseOrderRequest(new Params(restParams(pair, fields)), symbol, options.validate);
    request.deadline = options.deadline;
    return request;
  } catch (error) {
    throw withV2Field(error);
  }
}
