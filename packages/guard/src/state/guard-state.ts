import type { AllowanceTable } from '@krakenkit/core';
import type { Dec } from '../decimal.js';
import { ExecIds } from './exec-ids.js';
import { ExposureBook } from './exposure-book.js';
import { OrderBook } from './orders.js';
import { PnlBook } from './pnl-ledger.js';
import { PositionBook } from './positions.js';
import { RateCounters } from './rate-counters.js';
import type { TradingState } from './trading-state.js';
import { WithdrawalWindow } from './withdrawal-window.js';

/** A price with the time it was last set, so stale prices can be refused like missing ones. */
export interface TimedPrice {
  price: Dec;
  at: number;
}

/** A pair's reference: the mid, and the touch when known (market buys are sized at the ask, sells at the bid). */
export interface PairQuote extends TimedPrice {
  bid?: Dec;
  ask?: Dec;
}

/**
 * Everything the guard knows about the account: positions, open and in-flight orders, withdrawals, balances,
 * reference prices, the matching-engine counters and the kill switch. The aggregates in `exposure` are what
 * check() reads; the books beneath keep them exact.
 */
export class GuardState {
  readonly exposure = new ExposureBook();
  readonly positions: PositionBook;
  readonly orders: OrderBook;
  readonly withdrawals = new WithdrawalWindow();
  readonly rates: RateCounters;
  /** Balance per currency (table names), from Balance, minus withdrawals sent since. */
  readonly balances = new Map<string, Dec>();
  /** Reference mid (and touch) per pair id. */
  readonly mids = new Map<string, PairQuote>();
  /** USD price per currency (table names), for withdrawal limits. */
  readonly usdPrices = new Map<string, TimedPrice>();
  /** Trading PnL from fills: the account's and each bot's (loss limits, equity). */
  readonly pnl = new PnlBook(0);
  /**
   * Execution ids of the fills counted last: a fill reported again (an executions snapshot after a reconnect) is
   * not counted twice. Kept across a reconcile, whose orders' filled volume already holds those fills.
   */
  readonly execIds = new ExecIds();
  /** 30-day USD trade volume from TradeVolume (informational: fee tier). */
  tradeVolume30dUsd: Dec | undefined;
  /** Seeded positions/orders the guard could not evaluate (unknown pair or price): while any exist, it refuses. */
  readonly unresolved = new Set<string>();
  tradingState: TradingState = 'ACTIVE';
  tradingStateReason = '';
  /**
   * Whether the account's open orders and positions were read from the exchange (a seed or reconcile with both).
   * Until then the guard cannot know what they already use, and refuses orders and withdrawals: fail closed.
   */
  seeded = false;
  #nextRef = 1;

  constructor(
    readonly table: AllowanceTable,
    rateDecayPerSecond: number,
  ) {
    this.positions = new PositionBook(this.exposure, () => this.table);
    this.orders = new OrderBook(this.exposure, () => this.table);
    this.rates = new RateCounters(rateDecayPerSecond);
  }

  /**
   * The id the next reservation gets (R: order, A: amend, W: withdrawal), prefixed by the instance that makes it
   * when there is one (`a1.R12`), so refs stay unique across processes sharing a journal. Does not take it:
   * applying the reservation does (see {@link noteRef}), so planning stays pure.
   */
  peekRef(prefix: 'R' | 'A' | 'W', instance?: string): string {
    return instance === undefined ? `${prefix}${this.#nextRef}` : `${instance}.${prefix}${this.#nextRef}`;
  }

  /** A reservation with this ref was applied: later refs are numbered above it (whichever process made it). */
  noteRef(ref: string): void {
    const number = REF_NUMBER.exec(ref)?.[1];
    if (number !== undefined) this.#nextRef = Math.max(this.#nextRef, Number(number) + 1);
  }

  /** The number the next reservation ref gets (exported with the state). */
  get refCounter(): number {
    return this.#nextRef;
  }

  set refCounter(value: number) {
    this.#nextRef = value;
  }
}

const REF_NUMBER = /(?:^|\.)[RAW](\d{1,15})$/;
