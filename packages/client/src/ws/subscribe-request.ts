import { arrayOf, type Converter, oneOf, toBool, toPair, WireBuilder } from '@krakenkit/core/params';
import { OHLC_INTERVALS } from '../endpoints/market/ohlc.js';
import { ValidationError } from '../errors/index.js';
import type { WsEndpoint } from './events.js';
import { BOOK_DEPTHS, type BookPrecision } from './order-book.js';
import type { SubscribeRequest } from './subscription-types.js';

/** One channel subscription on the wire: a symbol of a channel (or a symbol-less channel) with its params. */
export interface WireSpec {
  /** Identity, e.g. `book|BTC/USD`, `ohlc|BTC/USD|5`, `executions`. */
  key: string;
  endpoint: WsEndpoint;
  channel: string;
  symbol?: string;
  /** Subscribe params besides channel, symbol and token. */
  params: Record<string, unknown>;
}

/** A validated subscribe request: its wire subscriptions and (books) the caller's precisions. */
export interface PlannedSubscription {
  channel: SubscribeRequest['channel'];
  specs: WireSpec[];
  precision: Record<string, BookPrecision>;
}

const PRIVATE_CHANNELS = new Set(['executions', 'balances']);
const MAX_SYMBOLS = 1_000;
const toSymbols: Converter<string[]> = arrayOf(toPair, { max: MAX_SYMBOLS });
const CHANNELS = ['book', 'ticker', 'trade', 'ohlc', 'instrument', 'executions', 'balances'] as const;

const allowedKeys: Record<SubscribeRequest['channel'], readonly string[]> = {
  book: ['channel', 'symbol', 'depth', 'precision'],
  ticker: ['channel', 'symbol', 'event_trigger', 'snapshot'],
  trade: ['channel', 'symbol', 'snapshot'],
  ohlc: ['channel', 'symbol', 'interval', 'snapshot'],
  instrument: ['channel', 'snapshot'],
  executions: ['channel', 'snap_orders', 'snap_trades', 'order_status', 'ratecounter'],
  balances: ['channel', 'snapshot'],
};

/** Validates a subscribe request (ValidationError naming the field) and plans its wire subscriptions. */
export function planSubscription(request: SubscribeRequest): PlannedSubscription {
  const channel = oneOf(CHANNELS)(
    'ws:subscribe.channel',
    (request as { channel?: unknown } | undefined)?.channel,
  );
  const w = new WireBuilder(`ws:subscribe(${channel})`, request, allowedKeys[channel]);
  const params: Record<string, unknown> = {};
  for (const flag of ['snapshot', 'snap_orders', 'snap_trades', 'order_status', 'ratecounter']) {
    const value = w.optional(flag, toBool);
    if (value !== undefined) params[flag] = value;
  }
  const endpoint: WsEndpoint = PRIVATE_CHANNELS.has(channel) ? 'private' : 'public';
  if (channel === 'instrument') params.snapshot = true; // the precision cache needs the snapshot
  if (!w.has('symbol') && allowedKeys[channel].includes('symbol')) w.required('symbol', toSymbols);
  const symbols = w.optional('symbol', toSymbols);
  if (symbols === undefined)
    return { channel, specs: [{ key: channel, endpoint, channel, params }], precision: {} };

  let suffix = '';
  if (channel === 'book') params.depth = w.optional('depth', oneOfNumbers(BOOK_DEPTHS)) ?? 10;
  if (channel === 'ticker') {
    const trigger = w.optional('event_trigger', oneOf(['bbo', 'trades']));
    if (trigger !== undefined) params.event_trigger = trigger;
  }
  if (channel === 'ohlc') {
    params.interval = w.required('interval', oneOfNumbers(OHLC_INTERVALS));
    suffix = `|${params.interval}`;
  }
  const precision = channel === 'book' ? readPrecision(w, symbols) : {};
  const specs = symbols.map((symbol) => ({
    key: `${channel}|${symbol}${suffix}`,
    endpoint,
    channel,
    symbol,
    params,
  }));
  return { channel, specs, precision };
}

function oneOfNumbers<T extends number>(values: readonly T[]): Converter<T> {
  return (field, value) => {
    if (typeof value === 'number' && (values as readonly number[]).includes(value)) return value as T;
    throw new ValidationError(field, value, `one of ${values.join(', ')}`);
  };
}

function readPrecision(w: WireBuilder, symbols: readonly string[]): Record<string, BookPrecision> {
  const raw = w.params.precision;
  if (raw === undefined) return {};
  const out: Record<string, BookPrecision> = {};
  if (isPrecision(raw)) {
    for (const symbol of symbols) out[symbol] = { price: raw.price, qty: raw.qty };
    return out;
  }
  if (typeof raw === 'object' && raw !== null) {
    for (const [symbol, value] of Object.entries(raw)) {
      if (!isPrecision(value)) break;
      out[symbol] = { price: value.price, qty: value.qty };
    }
    if (Object.keys(out).length === Object.keys(raw).length) return out;
  }
  throw new ValidationError(
    w.field('precision'),
    raw,
    '{ price, qty } decimal counts (integers 0–18), or such an object per symbol',
  );
}

function isPrecision(value: unknown): value is BookPrecision {
  if (typeof value !== 'object' || value === null) return false;
  const { price, qty } = value as Record<string, unknown>;
  return isDecimalCount(price) && isDecimalCount(qty);
}

function isDecimalCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 18;
}

/** Params that identify a subscription for `unsubscribe` (snapshot flags are not part of its identity). */
export function unsubscribeParams(spec: WireSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { channel: spec.channel };
  for (const key of ['depth', 'interval', 'event_trigger']) {
    if (spec.params[key] !== undefined) out[key] = spec.params[key];
  }
  if (spec.symbol !== undefined) out.symbol = [spec.symbol];
  return out;
}
