import type { PairIndex } from '@krakenkit/core';
import { type Dec, type DecimalInput, toDecimal, toOptionalDecimal, ZERO } from '../decimal.js';
import { oppositeSide, type Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { checkExecId } from './exec-ids.js';
import type { GuardState } from './guard-state.js';
import type { TrackedOrder } from './orders.js';

/**
 * What happened after a decision, fed back with `guard.apply(event)`. Orders are named by reservation id, txid
 * or client order id; unknown names are ignored (apply returns false) so duplicate or late events are harmless.
 */
export type GuardEvent =
  /** Kraken accepted the order (AddOrder answered with a txid). */
  | { type: 'order-accepted'; ref: string; txid?: string }
  /** Kraken (or the transport, before sending) refused it: its reservation is released. */
  | { type: 'order-rejected'; ref: string; code?: string }
  /**
   * A fill: an opening margin order becomes a position; a reducing order repays positions FIFO. It also counts in
   * the account's PnL and the placing bot's (`fee` in the quote currency, default 0), for the loss limits. A fill
   * of an order already cancelled still counts while the guard keeps the ended order (see `order-cancelled`); what
   * goes past the order's volume never does. A fill carrying an `execId` already counted is a repeat (an
   * executions snapshot after a reconnect, another path reporting it) and is not counted again.
   */
  | {
      type: 'order-filled';
      order: string;
      volume: DecimalInput;
      price: DecimalInput;
      fee?: DecimalInput;
      /** The order's client order id, tried when `order` names nothing tracked (see `order-cancelled`). */
      clOrdId?: string;
      /**
       * The exchange's id of this execution (the executions feed's `exec_id`): the same id twice is one fill.
       * Without it, every report counts (up to the order's volume).
       */
      execId?: string;
      /**
       * The order's whole executed volume including this fill, as the exchange reports it (the executions feed's
       * `cum_qty`, REST's `vol_exec`). With it, the part of this fill the order's filled volume already holds (a
       * reconcile took the order's `vol_exec` and positions from the exchange before this report came) is not added
       * to the order nor to positions again; it still counts in the PnL, which a reconcile does not record. Without
       * it, the whole fill counts (up to the order's volume).
       */
      filledTotal?: DecimalInput;
    }
  /**
   * A fill the orders and positions already reflect (found at reconciliation, or an order the guard never saw):
   * it only counts in the PnL of the account and of `bot`, when given.
   */
  | {
      type: 'trade';
      pair: string;
      side: Side;
      volume: DecimalInput;
      price: DecimalInput;
      fee?: DecimalInput;
      margin?: boolean;
      bot?: string;
    }
  /**
   * Cancelled or expired (also: the unfilled rest of a reduce-only order Kraken closes). Releases what is left. The
   * ended order stays findable for fills reported after the cancel (Kraken can answer the cancel first), for
   * 10 minutes and among the last 500 ended orders, until a reconcile replaces it with the exchange's positions.
   */
  | {
      type: 'order-cancelled';
      order: string;
      /**
       * The order's client order id, tried when `order` names nothing tracked: an executions report can come before
       * the add's answer, while the guard knows the order only by its reservation and client order id.
       */
      clOrdId?: string;
    }
  | { type: 'amend-accepted'; ref: string; txid?: string }
  | { type: 'amend-rejected'; ref: string }
  /** A position closed (all of it, or `volume` of it): the pool is repaid. */
  | { type: 'position-closed'; position: string; volume?: DecimalInput }
  /** Withdraw answered with a refid: the reservation stays in the 24-hour window as sent. */
  | { type: 'withdrawal-sent'; ref: string }
  | { type: 'withdrawal-rejected'; ref: string };

/**
 * An order's answer from Kraken, as the guarded clients report it: accepted (with its txid), or rejected (nothing
 * was placed: its reservation is released). What a shared guard can show at once and journal with its next step.
 */
export type OrderOutcome = Extract<GuardEvent, { type: 'order-accepted' | 'order-rejected' }>;

/**
 * Applies one event to the state. Returns whether it changed anything. `from` is the shared guard instance that
 * reported it: an order's (or withdrawal's) outcome counts only when reported by the instance that reserved it,
 * so an execution every process sees is counted once. Orders nobody reserved (read from the exchange) take their
 * end from anyone, but not their fills: a reconcile brings those. A plain guard reports as nobody: all apply.
 */
export function applyEvent(
  state: GuardState,
  event: GuardEvent,
  now: number,
  pairs: PairIndex<GuardPair>,
  from?: string,
): boolean {
  switch (event.type) {
    case 'order-accepted':
      return withOrder(state, event.ref, from, false, (order) => state.orders.accept(order, event.txid));
    case 'order-rejected':
    case 'order-cancelled': {
      const order = orderOfEvent(state, event);
      if (order === undefined || !mayReport(order.instance, from, false)) return false;
      // A rejected order was never placed, so nothing of it can fill; a cancelled one may have filled first.
      if (event.type === 'order-rejected') state.orders.remove(order);
      else state.orders.end(order, now);
      return true;
    }
    case 'order-filled':
      return applyFill(state, event, now, from);
    case 'trade': {
      const pair = pairs.get(event.pair);
      if (pair === undefined || (event.side !== 'buy' && event.side !== 'sell')) return false;
      const fill = {
        volume: toDecimal('volume', event.volume),
        price: toDecimal('price', event.price),
        fee: toDecimal('fee', event.fee ?? '0'),
      };
      recordPnl(state, pair, event.side, event.margin === true, fill, event.bot, now);
      return true;
    }
    case 'amend-accepted':
      return withAmend(state, event.ref, from, (order) => state.orders.commitAmend(order, event.txid, now));
    case 'amend-rejected':
      return withAmend(state, event.ref, from, (order) => state.orders.abortAmend(order));
    case 'position-closed': {
      if (state.positions.get(event.position) === undefined) return false;
      state.positions.close(event.position, toOptionalDecimal('volume', event.volume));
      return true;
    }
    case 'withdrawal-sent': {
      const entry = state.withdrawals.find(event.ref);
      if (entry === undefined || !mayReport(entry.instance, from, false)) return false;
      entry.status = 'sent';
      const balance = state.balances.get(entry.asset);
      if (balance !== undefined) state.balances.set(entry.asset, balance.minus(entry.amount));
      state.withdrawals.prune(now);
      return true;
    }
    case 'withdrawal-rejected': {
      const entry = state.withdrawals.find(event.ref);
      if (entry === undefined || !mayReport(entry.instance, from, false)) return false;
      return state.withdrawals.remove(event.ref) !== undefined;
    }
  }
}

/**
 * The event with its amounts as decimal text (checked as apply would read them): what a journal entry holds, so
 * every process reads the same numbers. Throws the ValidationError apply would, before anything is recorded.
 */
export function eventAsText(event: GuardEvent): GuardEvent {
  switch (event.type) {
    case 'order-filled':
    case 'trade':
      return {
        ...event,
        volume: journalText('volume', event.volume),
        price: journalText('price', event.price),
        ...(event.fee === undefined ? {} : { fee: journalText('fee', event.fee) }),
        ...('execId' in event && event.execId !== undefined ? { execId: checkExecId(event.execId) } : {}),
        ...('filledTotal' in event && event.filledTotal !== undefined
          ? { filledTotal: journalText('filledTotal', event.filledTotal) }
          : {}),
      };
    case 'position-closed':
      return event.volume === undefined ? event : { ...event, volume: journalText('volume', event.volume) };
    default:
      return event;
  }
}

// Significant digits an amount keeps in the journal. A fill's average price (cost ÷ volume) uses all 64 of the
// shared precision, and its text would pass the 64 characters apply reads back; 40 digits keep every amount Kraken
// can express exact and the text within bounds. Every process folds the same text, so they stay identical.
const JOURNAL_DIGITS = 40;

function journalText(field: string, value: DecimalInput): string {
  return toDecimal(field, value).toSignificantDigits(JOURNAL_DIGITS).toFixed();
}

/**
 * Whether applying the event would change the state, as reported by `from` (see applyEvent): the order, position
 * or withdrawal it names is tracked and `from` may report on it. Pure: lets a shared guard skip journaling an
 * event that would change nothing (another process's fill, a name it does not know). `now`, the time it would be
 * applied at, tells whether an ended order is still kept for a late fill (without it, any kept one counts).
 */
export function eventApplies(
  state: GuardState,
  event: GuardEvent,
  pairs: PairIndex<GuardPair>,
  from?: string,
  now?: number,
): boolean {
  switch (event.type) {
    case 'trade':
      return pairs.get(event.pair) !== undefined && (event.side === 'buy' || event.side === 'sell');
    case 'position-closed':
      return state.positions.get(event.position) !== undefined;
    case 'withdrawal-sent':
    case 'withdrawal-rejected': {
      const entry = state.withdrawals.find(event.ref);
      return entry !== undefined && mayReport(entry.instance, from, false);
    }
    case 'amend-accepted':
    case 'amend-rejected': {
      const order = state.orders.find(event.ref);
      return order !== undefined && mayReport(order.pendingAmend?.instance, from, false);
    }
    case 'order-filled': {
      if (alreadyCounted(state, event)) return false;
      const order = orderOfEvent(state, event, now);
      return order !== undefined && mayReport(order.instance, from, true);
    }
    default: {
      const order = orderOfEvent(state, event, now);
      return order !== undefined && mayReport(order.instance, from, false);
    }
  }
}

/**
 * The order an event names (by reservation id, txid or client order id), if the state tracks it. A fill also
 * finds an order ended by a cancel and kept at `now` (see OrderBook.findEnded); each name is tried among live
 * orders, then ended ones, before the next: the exchange's order id is the surer name, as a client order id can
 * be reused once its order has ended.
 */
export function orderOfEvent(state: GuardState, event: GuardEvent, now?: number): TrackedOrder | undefined {
  switch (event.type) {
    case 'order-accepted':
    case 'order-rejected':
    case 'amend-accepted':
    case 'amend-rejected':
      return state.orders.find(event.ref);
    case 'order-cancelled':
      return (
        state.orders.find(event.order) ??
        (event.clOrdId === undefined ? undefined : state.orders.find(event.clOrdId))
      );
    case 'order-filled': {
      const named = (id: string) => state.orders.find(id) ?? state.orders.findEnded(id, now);
      return named(event.order) ?? (event.clOrdId === undefined ? undefined : named(event.clOrdId));
    }
    default:
      return undefined;
  }
}

// The reserving instance reports; nobody's orders take their end from anyone (never their fills).
function mayReport(reservedBy: string | undefined, from: string | undefined, fill: boolean): boolean {
  return reservedBy === from || (reservedBy === undefined && !fill);
}

function withOrder(
  state: GuardState,
  id: string,
  from: string | undefined,
  fill: boolean,
  action: (order: TrackedOrder) => void,
) {
  const order = state.orders.find(id);
  if (order === undefined || !mayReport(order.instance, from, fill)) return false;
  action(order);
  return true;
}

function withAmend(
  state: GuardState,
  id: string,
  from: string | undefined,
  action: (order: TrackedOrder) => void,
) {
  const order = state.orders.find(id);
  if (order === undefined || !mayReport(order.pendingAmend?.instance, from, false)) return false;
  action(order);
  return true;
}

function applyFill(
  state: GuardState,
  event: Extract<GuardEvent, { type: 'order-filled' }>,
  now: number,
  from: string | undefined,
) {
  if (alreadyCounted(state, event)) return false;
  const order = orderOfEvent(state, event, now);
  if (order === undefined || !mayReport(order.instance, from, true)) return false;
  const volume = toDecimal('volume', event.volume);
  const price = toDecimal('price', event.price);
  const fee = toDecimal('fee', event.fee ?? '0');
  const held = heldOfFill(order, volume, toOptionalDecimal('filledTotal', event.filledTotal));
  // Only a fill that applies is remembered: another process's report of it, refused above, leaves the owner's
  // report free to count, and every process folding the journal remembers the same ids.
  if (event.execId !== undefined) state.execIds.note(event.execId);
  // What the order already holds (from a reconcile) counts in the PnL only: the positions hold it too.
  const counted = state.orders.fill(order, volume.minus(held));
  const priced = counted.plus(held);
  if (!priced.isZero())
    recordPnl(state, order.pair, order.side, order.margin, { volume: priced, price, fee }, order.owner, now);
  if (counted.isZero() || !(order.opening || order.reducing)) return true;
  // A margin fill first reduces any opposite position on the pair (Kraken nets them, oldest first); what is left
  // opens a position, unless the order is reduce_only (Kraken cancels that rest). A plain margin order placed to
  // reduce a position that has closed since is a new position when it fills: the exchange opens it.
  const reduced = state.positions.reduce(order.pair.id, oppositeSide(order.side), counted);
  const left = counted.minus(reduced);
  const opensWithRest = order.opening || (order.margin && !order.reduceOnly);
  if (opensWithRest && left.gt(0)) {
    state.positions.open(order.txid ?? order.ref, order.pair, order.side, left, left.times(price), now);
  }
  return true;
}

/**
 * How much of a fill the order's filled volume already holds, by the exchange's executed total after it: the fill
 * spans the order's executed volume from `filledTotal − volume` to `filledTotal` (counted from the order's current
 * txid on, see TrackedOrder.filledBase); whatever of it lies at or below `filled` is held. Nothing without a total.
 * A total below the fill's own volume is read as the fill being the order's first.
 */
function heldOfFill(order: TrackedOrder, volume: Dec, filledTotal: Dec | undefined): Dec {
  if (filledTotal === undefined) return ZERO;
  const start = filledTotal.gt(volume) ? filledTotal.minus(volume) : ZERO;
  const held = order.filled.minus(order.filledBase.plus(start));
  if (held.lte(0)) return ZERO;
  return held.gt(volume) ? volume : held;
}

// A repeat of a fill already counted, by its execution id (checked first, so a bad id is refused as such).
function alreadyCounted(state: GuardState, event: Extract<GuardEvent, { type: 'order-filled' }>): boolean {
  return event.execId !== undefined && state.execIds.has(checkExecId(event.execId));
}

// Every fill counts in the account's PnL, and in the placing bot's when there is one.
function recordPnl(
  state: GuardState,
  pair: GuardPair,
  side: Side,
  margin: boolean,
  fill: { volume: Dec; price: Dec; fee: Dec },
  bot: string | undefined,
  now: number,
): void {
  state.pnl.account.record(pair, side, fill.volume, fill.price, fill.fee, margin);
  if (bot !== undefined)
    state.pnl.bot(bot, now).record(pair, side, fill.volume, fill.price, fill.fee, margin);
}
