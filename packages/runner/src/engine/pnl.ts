import { Decimal } from '@krakenkit/core';
import type { Fill, MarketTick } from '../strategies/types.js';

const ZERO = new Decimal(0);
const FIELDS = ['cash', 'base', 'fees', 'volume'] as const;
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface PairLedger {
  /** Quote received for sells minus quote paid for buys. */
  cash: Decimal;
  /** Base bought minus base sold (spot and margin alike). */
  base: Decimal;
  fees: Decimal;
  /** Quote notional traded. */
  volume: Decimal;
}

/**
 * A bot's profit and loss per pair, marked to market: cash + base × mid − fees, in the quote currency.
 *
 * Its ledgers run since the bot's start: a restarted bot restores them (restore()), so its position and realised
 * PnL carry over. What this session did is told apart from that: beginSession() keeps the ledgers as the session
 * found them, and the session figures (sessionPnl, sessionVolume) are the difference.
 */
export class PnlBook {
  readonly #pairs = new Map<string, PairLedger>();
  /** The ledgers as this session found them (empty: it started from nothing). */
  #start = new Map<string, PairLedger>();
  /** The first mid this session saw per pair: what the base it started with is valued at. */
  readonly #startMids = new Map<string, Decimal>();

  record(fill: Fill): void {
    const ledger = this.#ledger(fill.pair.id);
    const cost = fill.volume.times(fill.price);
    ledger.cash = fill.side === 'buy' ? ledger.cash.minus(cost) : ledger.cash.plus(cost);
    ledger.base = fill.side === 'buy' ? ledger.base.plus(fill.volume) : ledger.base.minus(fill.volume);
    ledger.fees = ledger.fees.plus(fill.fee);
    ledger.volume = ledger.volume.plus(cost);
  }

  /** Marked-to-market PnL of a pair at `mid` (undefined mid: open base is left unvalued). */
  pnl(pair: string, mid: Decimal | undefined): Decimal {
    const ledger = this.#pairs.get(pair);
    if (ledger === undefined) return ZERO;
    const held = mid === undefined ? ZERO : ledger.base.times(mid);
    return ledger.cash.plus(held).minus(ledger.fees);
  }

  /** Quote notional traded since the bot's start (earlier sessions' included when restored). */
  volume(pair: string): Decimal {
    return this.#pairs.get(pair)?.volume ?? ZERO;
  }

  /**
   * Takes the ledgers as they stand now (after restore(), before this session's first fill) as the session's
   * starting point; the session figures count from here.
   */
  beginSession(): void {
    this.#start = new Map([...this.#pairs].map(([pair, ledger]) => [pair, { ...ledger }]));
    this.#startMids.clear();
  }

  /**
   * A tick this session saw: the first one's mid values the base the session started with. Later ticks' mids are
   * not read: a backtest's ticks make their Decimals only when read, and most are read by nothing else.
   */
  mark(tick: MarketTick): void {
    const pair = tick.pair.id;
    if (!this.#startMids.has(pair)) this.#startMids.set(pair, tick.mid);
  }

  /** Whether this session started with an earlier session's ledgers (restored at a restart). */
  carried(): boolean {
    return this.#start.size > 0;
  }

  /**
   * This session's PnL of a pair at `mid`: the change of pnl() since beginSession(), the base held at the start
   * valued at the first mid the session saw (undefined mid: open base is left unvalued, as in pnl()).
   */
  sessionPnl(pair: string, mid: Decimal | undefined): Decimal {
    const start = this.#start.get(pair);
    if (start === undefined) return this.pnl(pair, mid);
    const now = this.#pairs.get(pair) ?? start;
    const cash = now.cash.minus(start.cash).minus(now.fees.minus(start.fees));
    if (mid === undefined) return cash;
    return cash.plus(now.base.times(mid)).minus(start.base.times(this.#startMids.get(pair) ?? mid));
  }

  /** Quote notional this session traded (since beginSession()). */
  sessionVolume(pair: string): Decimal {
    return this.volume(pair).minus(this.#start.get(pair)?.volume ?? ZERO);
  }

  fees(pair: string): Decimal {
    return this.#pairs.get(pair)?.fees ?? ZERO;
  }

  pairs(): string[] {
    return [...this.#pairs.keys()];
  }

  /** Every pair's ledger as decimal text, for the state store. */
  toJSON(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [pair, ledger] of this.#pairs)
      out[pair] = Object.fromEntries(Object.entries(ledger).map(([name, value]) => [name, value.toFixed()]));
    return out;
  }

  /** Takes back ledgers written by toJSON (after a restart); malformed entries are skipped. */
  restore(saved: unknown): void {
    if (typeof saved !== 'object' || saved === null) return;
    for (const [pair, entry] of Object.entries(saved as Record<string, Record<string, unknown>>)) {
      const values = FIELDS.map((name) => entry?.[name]);
      if (!values.every((value) => typeof value === 'string' && DECIMAL.test(value))) continue;
      const [cash, base, fees, volume] = values.map((value) => new Decimal(value as string)) as Decimal[];
      this.#pairs.set(pair, { cash, base, fees, volume } as PairLedger);
    }
  }

  #ledger(pair: string): PairLedger {
    let ledger = this.#pairs.get(pair);
    if (ledger === undefined) {
      ledger = { cash: ZERO, base: ZERO, fees: ZERO, volume: ZERO };
      this.#pairs.set(pair, ledger);
    }
    return ledger;
  }
}
