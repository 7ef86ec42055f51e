import { type OrderInfo, QUERY_ORDERS_MAX } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { BotRunner } from '../engine/bot-runner.js';
import type { BotClient } from '../engine/connect.js';
import type { OrderTracker, OrderUpdate } from '../engine/order-tracker.js';
import type { StrategyAction, TrackedOrder } from '../strategies/types.js';
import type { BotLeftovers, BotRecords } from './bot-records.js';
import { type KeyView, netPosition, squaredPosition } from './exchange-view.js';
import { type OrderProgress, type OrderRecord, progressOf, trackedOf } from './order-record.js';

/** What adopting one bot found and what follows from it. */
export interface BotAdoption {
  bot: BotRunner;
  /** Recorded orders still resting, now the bot's open orders again. */
  resting: TrackedOrder[];
  /** Recorded orders that ended while the bot was down (their fills follow in `updates`). */
  endedWhileDown: number;
  /** Records of orders the exchange never had (sent, but refused or lost): forgotten. */
  neverPlaced: number;
  /** The bot's margin positions after adoption, by pair id. */
  positions: ReadonlyMap<string, Decimal>;
  /** What the strategy's adopt() asked for. */
  actions: StrategyAction[];
  /** Fills and ends that happened while the bot was down, for the session to hand to the bot. */
  updates: OrderUpdate[];
  /** Record keys that could not be read. */
  unreadable: string[];
}

/** What adoption needs from the session. */
export interface AdoptContext {
  records: BotRecords;
  tracker: OrderTracker;
  /** The client of a bot's key. */
  clientOf(bot: BotRunner): BotClient;
  /** The key's open orders and positions at start. */
  viewOf(bot: BotRunner): KeyView;
}

interface Found {
  record: OrderRecord;
  txid: string;
  info: OrderInfo;
}

/**
 * Takes back one bot after a stop or a crash: its recorded orders still resting become its open orders again
 * (so its strategy places nothing on top of them), orders that ended while it was down are looked up
 * (QueryOrders by txid, ClosedOrders by cl_ord_id when the txid never came back) so their fills count, records
 * the exchange never had are dropped, and its margin positions are squared with the key's.
 */
export async function adoptBot(bot: BotRunner, context: AdoptContext): Promise<BotAdoption> {
  const leftovers = await context.records.load(bot);
  const view = context.viewOf(bot);
  const { open, closed, missing } = await locate(leftovers.records, view, context.clientOf(bot));
  for (const record of missing) await context.records.ended(bot, record.clOrdId);
  const progress = leftovers.saved?.progress ?? {};
  const known = (record: OrderRecord) => progressOf(progress[record.clOrdId]);
  const resting = open.map(({ record, txid }) => trackedOf(record, txid, new Decimal(known(record).volExec)));
  const found = [...open, ...closed];
  const whileDown = marginFillsWhileDown(found, known);
  const positions = adoptedPositions(bot, leftovers, view, whileDown);
  const actions = bot.adopt(
    { openOrders: resting, positions, saved: leftovers.saved?.strategy },
    {
      // The fills that follow move the positions the rest of the way.
      positions: new Map(
        [...positions].map(([pair, volume]) => [pair, volume.minus(whileDown.get(pair) ?? 0)]),
      ),
      inventory: decimals(leftovers.saved?.inventory),
      pnl: leftovers.saved?.pnl,
    },
  );
  for (const entry of found) watch(bot, entry, known(entry.record), context);
  const updates = await context.tracker.absorb(
    Object.fromEntries(found.map(({ txid, info }) => [txid, info])),
  );
  return {
    bot,
    resting,
    endedWhileDown: closed.length,
    neverPlaced: missing.length,
    positions,
    actions,
    updates,
    unreadable: leftovers.unreadable,
  };
}

// The exchange's word on each record: still open, closed (or cancelled) since, or never there at all.
async function locate(records: readonly OrderRecord[], view: KeyView, client: BotClient) {
  const open: Found[] = [];
  const closed: Found[] = [];
  const missing: OrderRecord[] = [];
  const byClOrdId = new Map<string, [string, OrderInfo]>();
  for (const [txid, info] of Object.entries(view.open))
    if (info.cl_ord_id) byClOrdId.set(info.cl_ord_id, [txid, info]);
  const withTxid: OrderRecord[] = [];
  for (const record of records) {
    const hit = byClOrdId.get(record.clOrdId);
    if (hit !== undefined) open.push({ record, txid: hit[0], info: hit[1] });
    else if (record.txid !== undefined) withTxid.push(record);
    else {
      // Sent, but the answer (and its txid) never came back: only the client order id can find it.
      const result = await client.closedOrders({ cl_ord_id: record.clOrdId });
      const entry = Object.entries(result.closed).find(([, info]) => info.cl_ord_id === record.clOrdId);
      if (entry === undefined) missing.push(record);
      else closed.push({ record, txid: entry[0], info: entry[1] });
    }
  }
  for (let start = 0; start < withTxid.length; start += QUERY_ORDERS_MAX) {
    const batch = withTxid.slice(start, start + QUERY_ORDERS_MAX);
    const result = await client.queryOrders({ txid: batch.map((record) => record.txid as string) });
    for (const record of batch) {
      const info = result[record.txid as string];
      if (info === undefined) missing.push(record);
      else (isOpen(info) ? open : closed).push({ record, txid: record.txid as string, info });
    }
  }
  return { open, closed, missing };
}

function isOpen(info: OrderInfo): boolean {
  return info.status === 'open' || info.status === 'pending';
}

function watch(bot: BotRunner, { record, txid }: Found, progress: OrderProgress, context: AdoptContext) {
  const pair = bot.pairs.find((candidate) => candidate.id === record.pair);
  if (pair === undefined) return;
  context.tracker.watch(
    {
      txid,
      clOrdId: record.clOrdId,
      bot,
      tag: record.tag,
      pair,
      side: record.side,
      margin: record.leverage !== undefined,
      volume: new Decimal(record.volume),
    },
    {
      volExec: new Decimal(progress.volExec),
      cost: new Decimal(progress.cost),
      fee: new Decimal(progress.fee),
    },
  );
  context.records.progressed(bot, record.clOrdId, progress);
}

// Signed base volume each pair's margin orders filled while the bot was down.
function marginFillsWhileDown(found: readonly Found[], known: (record: OrderRecord) => OrderProgress) {
  const moved = new Map<string, Decimal>();
  for (const { record, info } of found) {
    if (record.leverage === undefined) continue;
    const volume = new Decimal(info.vol_exec).minus(known(record).volExec);
    if (!volume.gt(0)) continue;
    const signed = record.side === 'buy' ? volume : volume.neg();
    moved.set(record.pair, (moved.get(record.pair) ?? new Decimal(0)).plus(signed));
  }
  return moved;
}

// What the bot holds now: what it saved plus what filled while it was down, squared with the key's positions.
function adoptedPositions(
  bot: BotRunner,
  leftovers: BotLeftovers,
  view: KeyView,
  whileDown: ReadonlyMap<string, Decimal>,
): Map<string, Decimal> {
  const saved = decimals(leftovers.saved?.positions);
  const positions = new Map<string, Decimal>();
  for (const pair of bot.pairs) {
    const expected = (saved.get(pair.id) ?? new Decimal(0)).plus(whileDown.get(pair.id) ?? 0);
    const position = squaredPosition(expected, netPosition(view, pair));
    if (!position.isZero() || saved.has(pair.id) || whileDown.has(pair.id)) positions.set(pair.id, position);
  }
  return positions;
}

function decimals(saved: Record<string, string> | undefined): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const [pair, text] of Object.entries(saved ?? {}))
    if (typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text)) out.set(pair, new Decimal(text));
  return out;
}
