import type { Decimal } from '../money/decimal.js';
import { toDecimal } from '../money/decimal-text.js';
import type { TierName } from './tier-names.js';

/** One row of the allowance table as written in YAML (data/margin-allowances.yaml). */
export interface CurrencyAllowanceInput {
  /** Most of this currency that may be borrowed from Kraken's pool, in the currency itself (decimal string). */
  allowance: string;
  /** Fiat allowances limit long positions only (a short never draws on them). */
  fiat?: boolean | undefined;
  /** Every market with this base currency is reduce-only (KEEP). */
  reduceOnly?: boolean | undefined;
  /** Kraken ids and altnames of the same currency (XXBT, XBT for BTC). */
  aliases?: readonly string[] | undefined;
}

/** The allowance table as written in YAML: currency → row, optionally one table per tier. */
export interface AllowanceTableInput {
  currencies: Readonly<Record<string, CurrencyAllowanceInput>>;
  /** A tier's table, when present, replaces `currencies` for accounts of that tier. */
  tiers?: Partial<Readonly<Record<TierName, Readonly<Record<string, CurrencyAllowanceInput>>>>> | undefined;
}

/** A compiled row: what one currency's pool allows. */
export interface CurrencyAllowance {
  currency: string;
  allowance: Decimal;
  fiat: boolean;
  reduceOnly: boolean;
}

/**
 * The allowance table for one tier, with every alias resolved. A currency missing from the table has allowance 0
 * (fail closed): borrowing a currency nobody configured is refused rather than unlimited.
 */
export class AllowanceTable {
  readonly #rows = new Map<string, CurrencyAllowance>();
  readonly #aliases = new Map<string, string>();

  constructor(input: AllowanceTableInput, tier: TierName) {
    const rows = input.tiers?.[tier] ?? input.currencies;
    for (const [currency, row] of Object.entries(rows)) {
      const key = currency.toUpperCase();
      this.#rows.set(key, {
        currency: key,
        allowance: toDecimal(`allowances.${currency}.allowance`, row.allowance, { allowZero: true }),
        fiat: row.fiat === true,
        reduceOnly: row.reduceOnly === true,
      });
      this.#aliases.set(key, key);
      for (const alias of row.aliases ?? []) this.#aliases.set(alias.toUpperCase(), key);
    }
  }

  /** The table's name for a Kraken asset code (`XXBT` → `BTC`); unknown codes keep their own name. */
  currencyOf(assetCode: string): string {
    const code = stripBalanceSuffix(assetCode.toUpperCase());
    return this.#aliases.get(code) ?? code;
  }

  /** The row for a currency, or a zero-allowance row when the table does not list it. */
  rowOf(currency: string): CurrencyAllowance {
    return (
      this.#rows.get(currency) ?? { currency, allowance: ZERO_ALLOWANCE, fiat: false, reduceOnly: false }
    );
  }

  /** Whether the table lists the currency. */
  has(currency: string): boolean {
    return this.#rows.has(currency);
  }
}

const ZERO_ALLOWANCE = toDecimal('allowance', '0', { allowZero: true });

// Balance keys carry wallet suffixes (XXBT.S staked, USD.HOLD); the currency is what precedes the dot.
function stripBalanceSuffix(code: string): string {
  const dot = code.indexOf('.');
  return dot === -1 ? code : code.slice(0, dot);
}
