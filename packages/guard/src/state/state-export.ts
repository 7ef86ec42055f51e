import type { Dec } from '../decimal.js';
import type { GuardState } from './guard-state.js';
import type { TrackedOrder } from './orders.js';
import type { LatchedBreach, ScopeLedger } from './pnl-ledger.js';
import type { TrackedPosition } from './positions.js';

/**
 * The version of the exported state's shape: an import reads this one and version 1 (whose orders' `createdAt`
 * did not restart on an amend, read as `changedAt`), and refuses any other. `ended` (cancelled orders kept for
 * late fills) and `execIds` (execution ids of the fills counted last) are optional within it: text without them
 * reads as none kept.
 */
export const STATE_VERSION = 2;

/**
 * Everything the guard's state holds that the journal and the exchange decide, as JSON text (decimals as text,
 * pairs by id, in the order the books hold them, so export → import → export gives the same text). Reference and
 * USD prices are not in it: they are each process's own view of the market.
 */
export function exportState(state: GuardState): string {
  return JSON.stringify({
    version: STATE_VERSION,
    seeded: state.seeded,
    tradingState: state.tradingState,
    tradingStateReason: state.tradingStateReason,
    nextRef: state.refCounter,
    positions: [...state.positions.all()].map(positionOut),
    orders: [...state.orders.all()].map(orderOut),
    ...endedOut(state),
    // Absent when empty, so a state that never saw one exports the same text as before ids were kept.
    ...(state.execIds.size === 0 ? {} : { execIds: state.execIds.all() }),
    withdrawals: state.withdrawals.entries().map((entry) => ({
      ref: entry.ref,
      at: entry.at,
      usd: entry.usd.toFixed(),
      asset: entry.asset,
      amount: entry.amount.toFixed(),
      status: entry.status,
      ...optional('instance', entry.instance),
    })),
    rates: [...state.rates.entries()].map(([pair, counter]) => ({
      pair,
      value: counter.value,
      at: counter.at,
    })),
    balances: [...state.balances].map(([currency, amount]) => [currency, amount.toFixed()]),
    ...optional('tradeVolume30dUsd', state.tradeVolume30dUsd?.toFixed()),
    unresolved: [...state.unresolved],
    pnl: {
      account: ledgerOut(state.pnl.account),
      bots: [...state.pnl.bots].map(([name, ledger]) => [name, ledgerOut(ledger)]),
    },
  });
}

function positionOut(position: TrackedPosition) {
  return {
    id: position.id,
    pair: position.pair.id,
    side: position.side,
    volume: position.volume.toFixed(),
    cost: position.cost.toFixed(),
    openedAt: position.openedAt,
  };
}

// Orders ended by a cancel and kept for late fills, oldest first. Absent when there are none, so a state without
// them exports the same text as before they were kept.
function endedOut(state: GuardState) {
  const ended = [...state.orders.ended()].map(({ order, endedAt }) => ({ ...orderOut(order), endedAt }));
  return ended.length === 0 ? {} : { ended };
}

function orderOut(order: TrackedOrder) {
  const amend = order.pendingAmend;
  return {
    ref: order.ref,
    ...optional('txid', order.txid),
    ...optional('clOrdId', order.clOrdId),
    pair: order.pair.id,
    side: order.side,
    orderType: order.orderType,
    margin: order.margin,
    opening: order.opening,
    reducing: order.reducing,
    reduceOnly: order.reduceOnly,
    status: order.status,
    volume: order.volume.toFixed(),
    filled: order.filled.toFixed(),
    // Only an order an EditOrder replaced has one: other states export the same text as before.
    ...(order.filledBase.isZero() ? {} : { filledBase: order.filledBase.toFixed() }),
    price: order.price.toFixed(),
    changedAt: order.changedAt,
    ...optional('expiresAt', order.expiresAt),
    ...optional('owner', order.owner),
    ...optional('instance', order.instance),
    ...optional('reservedRef', order.reservedRef),
    ...(amend === undefined
      ? {}
      : {
          pendingAmend: {
            ref: amend.ref,
            volume: amend.volume.toFixed(),
            price: amend.price.toFixed(),
            replace: amend.replace,
            ...optional('instance', amend.instance),
          },
        }),
  };
}

function ledgerOut(ledger: ScopeLedger) {
  return {
    day: ledger.day,
    dayStartUsd: ledger.dayStartUsd.toFixed(),
    peakUsd: ledger.peakUsd.toFixed(),
    ...optional('daily', breachOut(ledger.daily)),
    ...optional('drawdown', breachOut(ledger.drawdown)),
    ...optional('drawdownPercent', breachOut(ledger.drawdownPercent)),
    pairs: [...ledger.pairs.values()].map((entry) => ({
      pair: entry.pair.id,
      cash: entry.cash.toFixed(),
      base: entry.base.toFixed(),
      spotBase: entry.spotBase.toFixed(),
      fees: entry.fees.toFixed(),
      lastPrice: entry.lastPrice.toFixed(),
    })),
  };
}

function breachOut(breach: LatchedBreach | undefined) {
  if (breach === undefined) return undefined;
  const text = (value: Dec | undefined) => value?.toFixed();
  return {
    day: breach.day,
    amount: breach.amount.toFixed(),
    ...optional('percent', text(breach.percent)),
    ...optional('peak', text(breach.peak)),
    ...optional('now', text(breach.now)),
  };
}

// Absent rather than undefined: the text is the same whichever way a field came to be unset.
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
