import { Decimal } from '@krakenkit/core';
import type {
  OrderRequest,
  Protection,
  ProtectionOffset,
  StrategyOrderType,
  TrackedOrder,
} from '../strategies/types.js';

const ORDER_TYPES: ReadonlySet<string> = new Set([
  'limit',
  'market',
  'stop-loss',
  'take-profit',
  'trailing-stop',
]);
const LEGS = ['stopLoss', 'takeProfit', 'trailingStop'] as const;

/** An entry's protection as stored: each offset as `{ percent }` or `{ distance }` decimal text. */
export type StoredProtection = Partial<
  Record<(typeof LEGS)[number], { percent?: string; distance?: string }>
>;

/**
 * One order a bot placed, written to the store before the order is sent (and again with its txid once
 * accepted), deleted when it ends: what a restarted bot takes back. Decimals are text.
 */
export interface OrderRecord {
  clOrdId: string;
  bot: string;
  strategy: string;
  /** The strategy's own name for the order (a grid level, a DCA round, a margin entry or close). */
  tag: string;
  pair: string;
  side: 'buy' | 'sell';
  type: StrategyOrderType;
  volume: string;
  price?: string;
  leverage?: number;
  reduceOnly?: boolean;
  postOnly?: boolean;
  /** The entry's protection (a restarted bot claims the stop of a fill that happened while it was down). */
  protect?: StoredProtection;
  /** A protective order: the tag of the entry it protects. */
  protects?: string;
  txid?: string;
  /** The session that placed it. */
  session: string;
  placedAt: number;
}

/** How much of an order had filled when the bot last looked (decimal text, as Kraken reports it). */
export interface OrderProgress {
  volExec: string;
  cost: string;
  fee: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;
// A fee may be a rebate.
const SIGNED = /^-?\d+(\.\d+)?$/;

/** The record of a request about to be sent. */
export function recordOf(
  request: OrderRequest,
  fields: { clOrdId: string; bot: string; strategy: string; session: string; placedAt: number },
): OrderRecord {
  return {
    ...fields,
    tag: request.tag,
    pair: request.pair,
    side: request.side,
    type: request.type,
    volume: request.volume.toFixed(),
    ...(request.price === undefined ? {} : { price: request.price.toFixed() }),
    ...(request.leverage === undefined ? {} : { leverage: request.leverage }),
    ...(request.reduceOnly ? { reduceOnly: true } : {}),
    ...(request.postOnly ? { postOnly: true } : {}),
    ...(request.protect === undefined ? {} : { protect: storedProtection(request.protect) }),
    ...(request.protects === undefined ? {} : { protects: request.protects }),
  };
}

function storedProtection(protect: Protection): StoredProtection {
  const stored: StoredProtection = {};
  for (const leg of LEGS) {
    const offset = protect[leg];
    if (offset !== undefined)
      stored[leg] =
        'percent' in offset ? { percent: offset.percent.toFixed() } : { distance: offset.distance.toFixed() };
  }
  return stored;
}

function protectionOf(stored: StoredProtection | undefined): Protection | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const protect: Protection = {};
  for (const leg of LEGS) {
    const entry = stored[leg];
    const text = entry?.percent ?? entry?.distance;
    if (typeof text !== 'string' || !DECIMAL.test(text)) continue;
    const offset: ProtectionOffset =
      entry?.percent !== undefined ? { percent: new Decimal(text) } : { distance: new Decimal(text) };
    protect[leg] = offset;
  }
  return Object.keys(protect).length === 0 ? undefined : protect;
}

/** Parses a stored record; undefined when it is not one (a torn or foreign value). */
export function parseOrderRecord(text: string): OrderRecord | undefined {
  let value: Partial<OrderRecord>;
  try {
    value = JSON.parse(text) as Partial<OrderRecord>;
  } catch {
    return undefined;
  }
  const strings = [value.clOrdId, value.bot, value.tag, value.pair, value.session];
  if (!strings.every((field) => typeof field === 'string' && field !== '')) return undefined;
  if (value.side !== 'buy' && value.side !== 'sell') return undefined;
  if (typeof value.type !== 'string' || !ORDER_TYPES.has(value.type)) return undefined;
  if (typeof value.volume !== 'string' || !DECIMAL.test(value.volume)) return undefined;
  if (value.price !== undefined && (typeof value.price !== 'string' || !DECIMAL.test(value.price)))
    return undefined;
  return value as OrderRecord;
}

/** The request a record describes. */
export function requestOf(record: OrderRecord): OrderRequest {
  return {
    tag: record.tag,
    pair: record.pair,
    side: record.side,
    type: record.type,
    volume: new Decimal(record.volume),
    ...(record.price === undefined ? {} : { price: new Decimal(record.price) }),
    ...(record.leverage === undefined ? {} : { leverage: record.leverage }),
    ...(record.reduceOnly ? { reduceOnly: true } : {}),
    ...(record.postOnly ? { postOnly: true } : {}),
    ...protectionFields(record),
  };
}

function protectionFields(record: OrderRecord): Pick<OrderRequest, 'protect' | 'protects'> {
  const protect = protectionOf(record.protect);
  return {
    ...(protect === undefined ? {} : { protect }),
    ...(typeof record.protects === 'string' ? { protects: record.protects } : {}),
  };
}

/** A recorded order the exchange still holds, as the bot tracks it. */
export function trackedOf(record: OrderRecord, txid: string, filled: Decimal): TrackedOrder {
  return { request: requestOf(record), status: 'open', txid, clOrdId: record.clOrdId, filled };
}

/** Progress read back from a saved state; zero for anything malformed. */
export function progressOf(value: unknown): OrderProgress {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as Partial<OrderProgress>;
  const text = (field: unknown) => (typeof field === 'string' && SIGNED.test(field) ? field : '0');
  return { volExec: text(entry.volExec), cost: text(entry.cost), fee: text(entry.fee) };
}
