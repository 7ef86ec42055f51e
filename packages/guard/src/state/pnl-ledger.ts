import { type Dec, ZERO } from '../decimal.js';
import type { Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';

const DAY_MS = 86_400_000;

/** The UTC day `at` (epoch ms) falls in, as a day number (days since 1970-01-01). */
export function utcDay(at: number): number {
  return Math.floor(at / DAY_MS);
}

/** `2026-01-05` for a UTC day number. */
export function utcDayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** What a scope's PnL is worth in USD, or which currencies could not be valued. */
export type ScopeValue = { usd: Dec; missing?: undefined } | { usd?: undefined; missing: string[] };

/** Prices the ledger is valued at: a pair's mark (its mid) and a currency's USD price, when known and fresh. */
export interface Valuer {
  mark(pairId: string): Dec | undefined;
  usdRate(currency: string): Dec | undefined;
}

/** A bot's (or the account's) trading on one pair, in the pair's quote currency. Exact: no division anywhere. */
export interface PairLedger {
  readonly pair: GuardPair;
  /** Quote received for sells minus quote paid for buys. */
  cash: Dec;
  /** Base bought minus base sold, spot and margin. */
  base: Dec;
  /** The spot part of `base` (what a spot sell can reduce). */
  spotBase: Dec;
  /** Fees paid, quote currency. */
  fees: Dec;
  /** Price of the latest fill: the mark while no reference price is known. */
  lastPrice: Dec;
}

/** A loss limit that was crossed: the halt holds (daily: until the UTC day ends; drawdown: while the guard lives). */
export interface LatchedBreach {
  /** UTC day number of the breach. */
  day: number;
  /** The loss (daily) or drawdown (amount, USD) at its worst. */
  amount: Dec;
  /** Drawdown as a percentage of peak equity (account percentage limits). */
  percent?: Dec;
  /** PnL (bot) or equity (account) peak and value at the worst moment, USD. */
  peak?: Dec;
  now?: Dec;
}

/**
 * One scope's trading: the account's, or one bot's. PnL = cash + base × mark − fees per pair (realized and
 * unrealized together; a pair without a reference price is marked at its last fill), valued in USD. It keeps where
 * the UTC day started and the peak PnL, both updated when state changes (fills, prices), never by a check.
 */
export class ScopeLedger {
  readonly pairs = new Map<string, PairLedger>();
  /** UTC day the day-start PnL belongs to. */
  day: number;
  dayStartUsd = ZERO;
  peakUsd = ZERO;
  /** The daily loss limit's breach, while its day lasts. */
  daily: LatchedBreach | undefined;
  /** The drawdown limit's breach (USD amount), for the life of the guard. */
  drawdown: LatchedBreach | undefined;
  /** The account's percentage drawdown limit's breach, for the life of the guard. */
  drawdownPercent: LatchedBreach | undefined;

  constructor(now: number) {
    this.day = utcDay(now);
  }

  record(pair: GuardPair, side: Side, volume: Dec, price: Dec, fee: Dec, margin: boolean): void {
    let ledger = this.pairs.get(pair.id);
    if (ledger === undefined) {
      ledger = { pair, cash: ZERO, base: ZERO, spotBase: ZERO, fees: ZERO, lastPrice: price };
      this.pairs.set(pair.id, ledger);
    }
    const cost = volume.times(price);
    const signed = side === 'buy' ? volume : volume.neg();
    ledger.cash = side === 'buy' ? ledger.cash.minus(cost) : ledger.cash.plus(cost);
    ledger.base = ledger.base.plus(signed);
    if (!margin) ledger.spotBase = ledger.spotBase.plus(signed);
    ledger.fees = ledger.fees.plus(fee);
    ledger.lastPrice = price;
  }

  /** The scope's PnL in USD at the valuer's prices; the currencies without a USD price when it cannot be valued. */
  value(valuer: Valuer): ScopeValue {
    let usd = ZERO;
    const missing: string[] = [];
    for (const ledger of this.pairs.values()) {
      const rate = valuer.usdRate(ledger.pair.quote);
      if (rate === undefined) {
        if (!missing.includes(ledger.pair.quote)) missing.push(ledger.pair.quote);
        continue;
      }
      const mark = valuer.mark(ledger.pair.id) ?? ledger.lastPrice;
      usd = usd.plus(ledger.cash.plus(ledger.base.times(mark)).minus(ledger.fees).times(rate));
    }
    return missing.length > 0 ? { missing } : { usd };
  }

  /** The scope's PnL today: now minus the day start (0 on a day the ledger has not seen yet: nothing changed). */
  dayPnl(pnl: Dec, now: number): Dec {
    return utcDay(now) === this.day ? pnl.minus(this.dayStartUsd) : ZERO;
  }

  /** Call before a change at `now`: a new UTC day starts from the PnL as it was before the change. */
  rollDay(now: number, before: ScopeValue): void {
    const day = utcDay(now);
    if (day === this.day || before.usd === undefined) return;
    this.day = day;
    this.dayStartUsd = before.usd;
  }

  /** Call after a change: the peak follows the PnL up. */
  notePeak(after: ScopeValue): void {
    const pnl = after.usd;
    if (pnl?.gt(this.peakUsd)) this.peakUsd = pnl;
  }

  /** Base held on `pairId` through spot fills in this scope (negative: sold more than bought). */
  spotBase(pairId: string): Dec {
    return this.pairs.get(pairId)?.spotBase ?? ZERO;
  }
}

/** The PnL ledgers: the account's (every fill) and one per bot (the fills of its orders). */
export class PnlBook {
  readonly account: ScopeLedger;
  readonly bots = new Map<string, ScopeLedger>();

  constructor(now: number) {
    this.account = new ScopeLedger(now);
  }

  /** The bot's ledger, created on its first fill. */
  bot(name: string, now: number): ScopeLedger {
    let ledger = this.bots.get(name);
    if (ledger === undefined) {
      ledger = new ScopeLedger(now);
      this.bots.set(name, ledger);
    }
    return ledger;
  }

  /** Every ledger, the account's first. */
  scopes(): ScopeLedger[] {
    return [this.account, ...this.bots.values()];
  }
}
