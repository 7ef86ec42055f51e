import { Decimal } from '@krakenkit/core';
import type { Fill } from '../strategies/types.js';

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

/** A bot's profit and loss per pair, marked to market: cash + base × mid − fees, in the quote currency. */
export class PnlBook {
  readonly #pairs = new Map<string, PairLedger>();

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

  volume(pair: string): Decimal {
    return this.#pairs.get(pair)?.volume ?? ZERO;
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
