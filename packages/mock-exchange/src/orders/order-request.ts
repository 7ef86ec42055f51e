import { type Decimal, parseDecimalText } from '../core/decimal.js';
import { invalidArgument } from '../core/rejection.js';
import type { Params } from '../endpoints/params.js';
import { type Deadline, parseDeadline, REST_DEADLINE_MIN_LEAD_MS } from './deadline.js';
import { isTriggerType, ORDER_TYPES, type OrderType, type Side, type TimeInForce } from './order.js';
import { isTrailingType, trailTermsOf } from './trailing.js';

/** A price as sent: absolute, or relative to the last trade price (`+5`, `-1.5%`). */
export type PriceSpec =
  | { kind: 'absolute'; value: Decimal }
  | { kind: 'relative'; sign: 1 | -1; value: Decimal; percent: boolean };

/** Conditional close (OTO) terms attached to an order. */
export interface CloseSpec {
  ordertype: OrderType;
  price: PriceSpec | undefined;
  price2: PriceSpec | undefined;
}

/** An AddOrder (or AddOrderBatch item) after argument parsing, before any pair or account rule. */
export interface OrderRequest {
  pairName: string;
  ordertype: OrderType;
  side: Side;
  volume: Decimal;
  price: PriceSpec | undefined;
  price2: PriceSpec | undefined;
  leverage: number | undefined;
  reduceOnly: boolean;
  oflags: string[];
  timeInForce: TimeInForce;
  /** `starttm` as sent (absent or `0`: now); a later start is refused on receipt, as it is not simulated. */
  starttm?: OrderRequest['expiretm'];
  /** Epoch seconds (absolute) or `+n` seconds relative. */
  expiretm: { kind: 'none' } | { kind: 'absolute'; seconds: number } | { kind: 'relative'; seconds: number };
  trigger: 'last' | 'index';
  userref: number | null;
  clOrdId: string | null;
  validate: boolean;
  close: CloseSpec | undefined;
  deadline: Deadline | undefined;
}

const OFLAGS = new Set(['post', 'fcib', 'fciq', 'nompp', 'viqc']);
const TIF: Record<string, TimeInForce> = { GTC: 'GTC', IOC: 'IOC', GTD: 'GTD', FOK: 'FOK' };
const CL_ORD_ID =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x20-\x7e]{1,18})$/;
const INT32 = { min: -2147483648, max: 2147483647 };

/** Parses AddOrder arguments. `pairName` may come from the batch (AddOrderBatch gives one pair for all). */
export function parseOrderRequest(
  p: Params,
  pairName: string | undefined,
  batchValidate = false,
): OrderRequest {
  const ordertype = p.text('ordertype') as OrderType;
  if (!(ORDER_TYPES as readonly string[]).includes(ordertype)) throw invalidArgument('ordertype');
  const side = p.text('type');
  if (side !== 'buy' && side !== 'sell') throw invalidArgument('type');
  const request: OrderRequest = {
    pairName: pairName ?? p.text('pair'),
    ordertype,
    side,
    volume: p.decimal('volume'),
    price: parsePrice(p, 'price'),
    price2: parsePrice(p, 'price2'),
    leverage: parseLeverage(p.optText('leverage')),
    reduceOnly: p.bool('reduce_only'),
    oflags: parseOflags(p.list('oflags')),
    timeInForce: TIF[(p.optText('timeinforce') ?? 'GTC').toUpperCase()] ?? invalidTif(),
    starttm: parseTime(p.optText('starttm'), 'starttm'),
    expiretm: parseTime(p.optText('expiretm'), 'expiretm'),
    trigger: parseTrigger(p.optText('trigger')),
    userref: p.optInt('userref', INT32) ?? null,
    clOrdId: p.optText('cl_ord_id') ?? null,
    validate: batchValidate || p.bool('validate'),
    close: parseClose(p),
    deadline: parseDeadline(p.optText('deadline'), REST_DEADLINE_MIN_LEAD_MS),
  };
  checkCombinations(request);
  checkUnmodelledFields(p);
  return request;
}

const STP_TYPES = new Set(['cancel-newest', 'cancel-oldest', 'cancel-both']);

/**
 * Fields whose effect the mock does not simulate are still held to Kraken's values, so a bot sending a bad one
 * learns it here. Self-trade prevention (`stptype`) never acts: the account's orders trade against the simulated
 * market, not against each other. `displayvol` belongs to iceberg orders, which the mock does not offer.
 */
function checkUnmodelledFields(p: Params): void {
  const stptype = p.optText('stptype');
  if (stptype !== undefined && !STP_TYPES.has(stptype)) throw invalidArgument('stptype');
  if (p.has('displayvol')) throw invalidArgument('displayvol', 'iceberg orders are not simulated');
}

/** The rules between an order's arguments, for any request that restates an order (EditOrder too). */
export function checkCombinations(r: OrderRequest): void {
  if (r.clOrdId !== null && r.userref !== null) throw invalidArgument('cl_ord_id', 'exclusive with userref');
  if (r.clOrdId !== null && !CL_ORD_ID.test(r.clOrdId)) throw invalidArgument('cl_ord_id');
  if (r.ordertype !== 'market' && r.price === undefined) throw invalidArgument('price', 'required');
  if (r.ordertype.endsWith('-limit') && r.price2 === undefined) throw invalidArgument('price2', 'required');
  if (isTrailingType(r.ordertype)) trailTermsOf(r.ordertype, r.price, r.price2);
  if (r.ordertype === 'limit' && r.price?.kind === 'relative') throw invalidArgument('price');
  if (r.oflags.includes('post') && r.ordertype !== 'limit')
    throw invalidArgument('oflags', 'post needs limit');
  if (
    r.oflags.includes('viqc') &&
    (r.ordertype !== 'market' || r.side !== 'buy' || r.leverage !== undefined)
  ) {
    throw invalidArgument('oflags', 'viqc only for spot buy market orders');
  }
  if (r.oflags.includes('fcib') && r.oflags.includes('fciq')) throw invalidArgument('oflags');
  if (r.timeInForce === 'FOK' && r.ordertype !== 'limit') throw invalidArgument('timeinforce');
  if (r.timeInForce === 'IOC' && isTriggerType(r.ordertype)) throw invalidArgument('timeinforce');
  if ((r.timeInForce === 'GTD') !== (r.expiretm.kind !== 'none')) throw invalidArgument('expiretm');
}

function parsePrice(p: Params, name: string): PriceSpec | undefined {
  const text = p.optText(name);
  if (text === undefined) return undefined;
  const match = /^([+-]?)([0-9.]+)(%?)$/.exec(text);
  const value = match ? parseDecimalText(match[2]!) : undefined;
  if (match === null || value === undefined) throw invalidArgument(name);
  if (match[1] === '' && match[3] === '') return { kind: 'absolute', value };
  if (match[1] === '') throw invalidArgument(name, 'relative price needs + or -');
  return { kind: 'relative', sign: match[1] === '+' ? 1 : -1, value, percent: match[3] === '%' };
}

function parseLeverage(text: string | undefined): number | undefined {
  if (text === undefined || text === 'none') return undefined;
  const match = /^(\d+)(?::1)?$/.exec(text);
  if (match === null) throw invalidArgument('leverage');
  const value = Number(match[1]);
  if (value < 1) throw invalidArgument('leverage');
  return value === 1 ? undefined : value;
}

export function parseOflags(flags: string[]): string[] {
  for (const flag of flags) if (!OFLAGS.has(flag)) throw invalidArgument('oflags', flag);
  return flags;
}

function parseTrigger(text: string | undefined): 'last' | 'index' {
  if (text === undefined || text === 'last') return 'last';
  if (text === 'index') return 'index';
  throw invalidArgument('trigger');
}

function parseTime(text: string | undefined, name: string): OrderRequest['expiretm'] {
  if (text === undefined || text === '0') return { kind: 'none' };
  const relative = /^\+(\d+)$/.exec(text);
  if (relative) return { kind: 'relative', seconds: Number(relative[1]) };
  if (/^\d+(\.\d+)?$/.test(text)) return { kind: 'absolute', seconds: Number(text) };
  throw invalidArgument(name);
}

function parseClose(p: Params): CloseSpec | undefined {
  const close = p.optObject('close');
  const ordertype = close?.optText('ordertype');
  if (close === undefined || ordertype === undefined) return undefined;
  if (!(ORDER_TYPES as readonly string[]).includes(ordertype) || ordertype === 'market') {
    throw invalidArgument('close[ordertype]');
  }
  const spec: CloseSpec = {
    ordertype: ordertype as OrderType,
    price: parsePrice(close, 'price'),
    price2: parsePrice(close, 'price2'),
  };
  // A trailing close's offsets are checked on receipt, like the close's other arguments.
  if (isTrailingType(spec.ordertype)) trailTermsOf(spec.ordertype, spec.price, spec.price2);
  // Without them the primary would be placed and fill, and its close order could never be created.
  if (spec.price === undefined) throw invalidArgument('close[price]', 'required');
  if (spec.ordertype.endsWith('-limit') && spec.price2 === undefined) {
    throw invalidArgument('close[price2]', 'required');
  }
  return spec;
}

function invalidTif(): never {
  throw invalidArgument('timeinforce');
}
