import type { PairIndex, TierName } from '@krakenkit/core';
import type { CompiledRules, LossLimit } from '../config/compile.js';
import { ZERO } from '../decimal.js';
import { valuerOf } from '../engine/valuation.js';
import type { GuardPair } from '../pairs/pair-info.js';
import type { GuardState } from './guard-state.js';
import { type ScopeLedger, utcDay, utcDayText } from './pnl-ledger.js';
import type { TradingState } from './trading-state.js';

/** One margin allowance pool: its allowance and what positions and open orders use of it (decimal text). */
export interface PoolSnapshot {
  currency: string;
  allowance: string;
  positions: string;
  orders: string;
  total: string;
  headroom: string;
}

/** One pair: long and short exposure (positions and orders), open orders, notional and rate counter. */
export interface PairSnapshot {
  pair: string;
  longPositions: string;
  shortPositions: string;
  longOrders: string;
  shortOrders: string;
  openOrders: number;
  notional: string;
  rateCounter: number;
}

/** One scope's trading PnL (USD, decimal text) and whether a loss limit halts it for new risk. */
export interface ScopePnlSnapshot {
  /** PnL since the guard started: fills, fees, open positions at the mid (or the last fill). */
  pnl: string;
  /** PnL since the start of the UTC day (or since the guard started, if later). */
  dayPnl: string;
  /** Highest `pnl` seen. */
  peak: string;
  /** peak − pnl. */
  drawdown: string;
  /** The limit that refuses it new risk now, if any. */
  halted?: 'daily-loss' | 'drawdown';
  /** Currencies its PnL is in without a USD price (the figures above are then 0). */
  unvalued?: string[];
}

/** Trading PnL by scope, for status screens and tests. */
export interface PnlSnapshot {
  /** The UTC day `dayPnl` counts, `2026-01-05`. */
  day: string;
  account: ScopePnlSnapshot;
  /** Bots with fills, by name. */
  bots: Record<string, ScopePnlSnapshot>;
}

/** A read-only picture of the guard's state (decimal text throughout), for status output and tests. */
export interface GuardSnapshot {
  at: number;
  tier: TierName;
  tradingState: TradingState;
  tradingStateReason: string;
  /** Whether the account's open orders and positions were read from the exchange: until then orders are refused. */
  seeded: boolean;
  /** Pools with any usage. */
  pools: PoolSnapshot[];
  /** Pairs with any exposure or open order. */
  pairs: PairSnapshot[];
  positions: number;
  orders: number;
  inFlight: number;
  withdrawals24hUsd: string;
  withdrawalDailyUsd: string;
  /** 30-day USD trade volume from TradeVolume, when seeded (sets the fee tier; no rule reads it). */
  tradeVolume30dUsd?: string;
  unresolved: string[];
  pnl: PnlSnapshot;
}

export function snapshotOf(
  state: GuardState,
  rules: CompiledRules,
  pairs: PairIndex<GuardPair>,
  now: number,
): GuardSnapshot {
  const pools: PoolSnapshot[] = [];
  for (const [currency, usage] of state.exposure.pools()) {
    if (usage.total.isZero()) continue;
    const allowance = rules.table.rowOf(currency).allowance;
    const left = allowance.minus(usage.total);
    pools.push({
      currency,
      allowance: allowance.toFixed(),
      positions: usage.positions.toFixed(),
      orders: usage.orders.toFixed(),
      total: usage.total.toFixed(),
      headroom: left.isNegative() ? '0' : left.toFixed(),
    });
  }
  const pairRows: PairSnapshot[] = [];
  for (const [id, exposure] of state.exposure.pairs()) {
    if (exposure.openOrders === 0 && exposure.notional.isZero()) continue;
    pairRows.push({
      pair: pairs.get(id)?.altname ?? id,
      longPositions: exposure.positionVolume.buy.toFixed(),
      shortPositions: exposure.positionVolume.sell.toFixed(),
      longOrders: exposure.openingVolume.buy.toFixed(),
      shortOrders: exposure.openingVolume.sell.toFixed(),
      openOrders: exposure.openOrders,
      notional: exposure.notional.toFixed(),
      rateCounter: state.rates.valueAt(id, now),
    });
  }
  let inFlight = 0;
  for (const order of state.orders.all()) if (order.status === 'in-flight') inFlight += 1;
  return {
    at: now,
    tier: rules.tier.name,
    tradingState: state.tradingState,
    tradingStateReason: state.tradingStateReason,
    seeded: state.seeded,
    pools,
    pairs: pairRows,
    positions: state.positions.size,
    orders: state.orders.size,
    inFlight,
    withdrawals24hUsd: state.withdrawals.usdSince(now).toFixed(),
    withdrawalDailyUsd: rules.withdrawal.dailyUsd.toFixed(),
    ...(state.tradeVolume30dUsd === undefined
      ? {}
      : { tradeVolume30dUsd: state.tradeVolume30dUsd.toFixed() }),
    unresolved: [...state.unresolved],
    pnl: pnlSnapshot(state, rules, now),
  };
}

function pnlSnapshot(state: GuardState, rules: CompiledRules, now: number): PnlSnapshot {
  const valuer = valuerOf(rules, state, now);
  const day = utcDay(now);
  const view = (ledger: ScopeLedger, limit: LossLimit | undefined): ScopePnlSnapshot => {
    const value = ledger.value(valuer);
    const pnl = value.usd ?? ZERO;
    const peak = pnl.gt(ledger.peakUsd) ? pnl : ledger.peakUsd;
    const dayPnl = ledger.dayPnl(pnl, now);
    const halted =
      limit?.dailyLossUsd !== undefined && (ledger.daily?.day === day || dayPnl.neg().gt(limit.dailyLossUsd))
        ? 'daily-loss'
        : ledger.drawdown !== undefined ||
            ledger.drawdownPercent !== undefined ||
            (limit?.drawdownUsd !== undefined && peak.minus(pnl).gt(limit.drawdownUsd))
          ? 'drawdown'
          : undefined;
    return {
      pnl: pnl.toFixed(),
      dayPnl: dayPnl.toFixed(),
      peak: peak.toFixed(),
      drawdown: peak.minus(pnl).toFixed(),
      ...(halted === undefined ? {} : { halted }),
      ...(value.missing === undefined ? {} : { unvalued: value.missing }),
    };
  };
  const bots: Record<string, ScopePnlSnapshot> = {};
  for (const [name, ledger] of state.pnl.bots) bots[name] = view(ledger, rules.lossLimits.bots.get(name));
  return { day: utcDayText(day), account: view(state.pnl.account, rules.lossLimits.account), bots };
}

/** One open position as the guard holds it (decimal text). */
export interface PositionView {
  id: string;
  pair: string;
  side: 'buy' | 'sell';
  volume: string;
  cost: string;
  /** The pool it borrows from and how much (absent when the side is not limited, e.g. a fiat-base short). */
  pool?: string;
  borrowed: string;
}

/** One open or in-flight order as the guard holds it (decimal text). */
export interface OrderView {
  ref: string;
  txid?: string;
  pair: string;
  side: 'buy' | 'sell';
  status: 'in-flight' | 'open';
  margin: boolean;
  opening: boolean;
  reducing: boolean;
  volume: string;
  filled: string;
  price: string;
  pool?: string;
  held: string;
  /**
   * The shared guard instance (process) that reserved it; absent for a plain guard's orders and for orders read
   * from the exchange. Kept when a reconcile matches the order to the exchange's, whose txid becomes its ref.
   */
  instance?: string;
}

export function positionViews(state: GuardState): PositionView[] {
  return [...state.positions.all()].map((position) => ({
    id: position.id,
    pair: position.pair.altname,
    side: position.side,
    volume: position.volume.toFixed(),
    cost: position.cost.toFixed(),
    ...(position.exposure.pool === undefined ? {} : { pool: position.exposure.pool }),
    borrowed: position.exposure.borrow.toFixed(),
  }));
}

export function orderViews(state: GuardState): OrderView[] {
  return [...state.orders.all()].map((order) => ({
    ref: order.ref,
    ...(order.txid === undefined ? {} : { txid: order.txid }),
    pair: order.pair.altname,
    side: order.side,
    status: order.status,
    margin: order.margin,
    opening: order.opening,
    reducing: order.reducing,
    volume: order.volume.toFixed(),
    filled: order.filled.toFixed(),
    price: order.price.toFixed(),
    ...(order.exposure.pool === undefined ? {} : { pool: order.exposure.pool }),
    held: order.exposure.borrow.toFixed(),
    ...(order.instance === undefined ? {} : { instance: order.instance }),
  }));
}
