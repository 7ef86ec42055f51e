import type { PairIndex } from '@krakenkit/core';
import { type Dec, toDecimal, ZERO } from '../decimal.js';
import { type OrderType, oppositeSide } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import type { ExchangeSnapshot, OpenOrderRaw, OpenPositionRaw } from './exchange-raw.js';
import type { GuardState } from './guard-state.js';
import type { TrackedOrder } from './orders.js';

/** What seeding took in, and what it could not evaluate (each such item makes the guard refuse until resolved). */
export interface SeedReport {
  positions: number;
  orders: number;
  unresolved: readonly string[];
}

/** How a snapshot is read beyond its own data. */
export interface SeedContext {
  /**
   * The price a market order on the book (no price of its own) is sized at, per pair id. A local guard reads its
   * reference prices; a journaled snapshot carries the prices it was taken with, so every process sizes it alike.
   */
  priceOf: (pairId: string) => Dec | undefined;
  /**
   * The guard's own record of an exchange order (by txid or client order id), when it has one: its reservation id,
   * bot and instance carry over, so the order still answers to its reservation id and its fills count for its bot.
   */
  previous?: (txid: string, clOrdId: string | undefined) => TrackedOrder | undefined;
  /**
   * When the snapshot was read. An order Kraken marks amended (`misc`) without saying when is taken as amended
   * then, unless the guard saw the amend itself: the youngest age it can have, so its next amend or cancel is
   * charged the most it can cost.
   */
  at: number;
  /** Orders the snapshot shows that are not to be taken from it: the guard saw them end after it was read. */
  skip?: (txid: string, clOrdId: string | undefined) => boolean;
  /**
   * The least filled volume of an order the guard has a record of (`previous`), counted from `txid` on: fills the
   * guard applied after the snapshot was read, which its `vol_exec` does not hold yet.
   */
  filledAtLeast?: (previous: TrackedOrder, txid: string) => Dec | undefined;
}

const LIVE_ORDER = new Set(['open', 'pending', undefined]);
const TWO_PRICES = new Set(['stop-loss-limit', 'take-profit-limit']);

/**
 * Loads exchange data into the state: positions (FIFO by opening time), then open orders (classified against those
 * positions), balances and 30-day volume. Anything on a pair the guard does not know, or a market order with no
 * price to size it, is recorded as unresolved rather than guessed.
 */
export function seedState(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  snapshot: ExchangeSnapshot,
  context: SeedContext,
): SeedReport {
  const before = {
    positions: state.positions.size,
    orders: state.orders.size,
    unresolved: state.unresolved.size,
  };
  const positions = Object.entries(snapshot.openPositions ?? {}).sort(
    ([, a], [, b]) => (a.time ?? 0) - (b.time ?? 0),
  );
  for (const [id, raw] of positions) seedPosition(state, pairs, id, raw);
  for (const [txid, raw] of Object.entries(snapshot.openOrders?.open ?? {}))
    seedOrder(state, pairs, txid, raw, context);
  // Both lists read: the guard now knows what the account already uses (an empty account included).
  if (snapshot.openOrders !== undefined && snapshot.openPositions !== undefined) state.seeded = true;
  if (snapshot.balance !== undefined) seedBalances(state, snapshot.balance);
  if (snapshot.tradeVolume !== undefined) {
    state.tradeVolume30dUsd = toDecimal('tradeVolume.volume', snapshot.tradeVolume.volume);
  }
  return {
    positions: state.positions.size - before.positions,
    orders: state.orders.size - before.orders,
    unresolved: [...state.unresolved].slice(before.unresolved),
  };
}

function seedPosition(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  id: string,
  raw: OpenPositionRaw,
): void {
  const pair = pairs.get(raw.pair);
  if (pair === undefined) {
    state.unresolved.add(`position ${id} on unknown pair ${raw.pair}`);
    return;
  }
  const volume = toDecimal(`openPositions.${id}.vol`, raw.vol);
  const closed = toDecimal(`openPositions.${id}.vol_closed`, raw.vol_closed ?? '0');
  const open = volume.minus(closed);
  if (open.lte(0)) return;
  // Kraken's cost is for the position's whole volume; the part still open is what the pool still lends.
  const cost = toDecimal(`openPositions.${id}.cost`, raw.cost).times(open).div(volume);
  state.positions.open(id, pair, raw.type, open, cost, (raw.time ?? 0) * 1000);
}

function seedOrder(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  txid: string,
  raw: OpenOrderRaw,
  context: SeedContext,
): void {
  if (!LIVE_ORDER.has(raw.status)) return;
  if (context.skip?.(txid, raw.cl_ord_id ?? undefined) === true) return;
  const pair = pairs.get(raw.descr.pair);
  if (pair === undefined) {
    state.unresolved.add(`order ${txid} on unknown pair ${raw.descr.pair}`);
    return;
  }
  const price = orderPrice(raw) ?? context.priceOf(pair.id);
  if (price === undefined) {
    state.unresolved.add(`order ${txid} (${raw.descr.ordertype}) on ${pair.altname} has no price to size it`);
    return;
  }
  const side = raw.descr.type;
  const margin = raw.margin === true || (raw.descr.leverage !== undefined && raw.descr.leverage !== 'none');
  const opposite = state.exposure.pair(pair.id)?.positionVolume[oppositeSide(side)] ?? ZERO;
  const volume = toDecimal(`openOrders.${txid}.vol`, raw.vol);
  const previous = context.previous?.(txid, raw.cl_ord_id ?? undefined);
  const exchangeFilled = toDecimal(`openOrders.${txid}.vol_exec`, raw.vol_exec ?? '0');
  const floor = previous === undefined ? undefined : context.filledAtLeast?.(previous, txid);
  const filled = floor?.gt(exchangeFilled) ? floor : exchangeFilled;
  const reduceOnly = raw.reduce_only === true;
  // As for a new order (engine/order-facts.ts classify): a margin order larger than the opposite position does
  // not merely reduce it; it will open one with the rest, so it holds pool and size like any opening order.
  const reducing = opposite.gt(0) && (reduceOnly || (margin && volume.minus(filled).lte(opposite)));
  state.orders.add({
    ...carriedOver(previous, txid),
    ref: txid,
    txid,
    clOrdId: raw.cl_ord_id ?? undefined,
    status: 'open',
    pair,
    side,
    orderType: raw.descr.ordertype as OrderType,
    margin,
    opening: margin && !reduceOnly && !reducing,
    reducing,
    reduceOnly,
    volume,
    filled,
    price,
    changedAt: changedAtOf(raw, previous, context.at),
  });
}

function changedAtOf(raw: OpenOrderRaw, previous: TrackedOrder | undefined, at: number): number {
  const openedAt = (raw.opentm ?? 0) * 1000;
  // The guard saw it amended: its own record says when.
  if (previous !== undefined && previous.changedAt > openedAt) return previous.changedAt;
  return raw.misc?.split(',').includes('amended') === true ? at : openedAt;
}

function carriedOver(previous: TrackedOrder | undefined, txid: string) {
  if (previous === undefined) return {};
  return {
    owner: previous.owner,
    instance: previous.instance,
    reservedRef: previous.ref === txid ? previous.reservedRef : previous.ref,
  };
}

function orderPrice(raw: OpenOrderRaw): Dec | undefined {
  const text = TWO_PRICES.has(raw.descr.ordertype) ? raw.descr.price2 : raw.descr.price;
  if (text === undefined) return undefined;
  const price = toDecimal('descr.price', text);
  return price.isZero() ? undefined : price;
}

// Suffixed balances (XXBT.S staked, USD.HOLD) cannot be withdrawn as such: only plain keys count.
function seedBalances(state: GuardState, balance: Readonly<Record<string, string>>): void {
  state.balances.clear();
  for (const [asset, amount] of Object.entries(balance)) {
    if (asset.includes('.')) continue;
    const currency = state.table.currencyOf(asset);
    state.balances.set(
      currency,
      (state.balances.get(currency) ?? ZERO).plus(toDecimal(`balance.${asset}`, amount)),
    );
  }
}
