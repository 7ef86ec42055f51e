import { type Decimal, dec } from '../core/decimal.js';
import { bool, decimalText, isPlain, record, textList } from './readers.js';
import { TIER_NAMES, type TierName } from './tiers.js';

/** One currency of the margin allowance table (data/margin-allowances.yaml in @krakenkit/core). */
export interface AllowanceEntry {
  currency: string;
  allowance: Decimal;
  /** Fiat allowances limit LONG positions only. */
  fiat: boolean;
  /** Every market of this base currency is reduce-only. */
  reduceOnly: boolean;
  aliases: readonly string[];
}

/**
 * The allowance table: per currency, how much may be borrowed from Kraken's margin pool in total. A currency
 * missing from the table has allowance 0 (fail closed). A per-tier table, when present, replaces the default one
 * for accounts of that tier.
 */
export class AllowanceTable {
  readonly #byCurrency: ReadonlyMap<string, AllowanceEntry>;
  readonly #byTier: Partial<Record<TierName, ReadonlyMap<string, AllowanceEntry>>>;
  readonly #aliasToCurrency = new Map<string, string>();

  constructor(
    currencies: ReadonlyMap<string, AllowanceEntry>,
    tiers: Partial<Record<TierName, ReadonlyMap<string, AllowanceEntry>>> = {},
  ) {
    this.#byCurrency = currencies;
    this.#byTier = tiers;
    for (const table of [currencies, ...Object.values(tiers)]) {
      for (const entry of table.values()) {
        this.#aliasToCurrency.set(entry.currency.toUpperCase(), entry.currency);
        for (const alias of entry.aliases) this.#aliasToCurrency.set(alias.toUpperCase(), entry.currency);
      }
    }
  }

  /** The table's currency for a Kraken asset id or altname (XXBT, XBT → BTC; ZUSD → USD); itself if unknown. */
  currencyOf(asset: string): string {
    return this.#aliasToCurrency.get(asset.toUpperCase()) ?? asset;
  }

  /** The entry that applies to an account of `tier`; undefined when the currency is not in its table. */
  entry(asset: string, tier: TierName): AllowanceEntry | undefined {
    const currency = this.currencyOf(asset);
    const table = this.#byTier[tier] ?? this.#byCurrency;
    return table.get(currency);
  }

  /** True when the currency's markets are reduce-only in any table. */
  isReduceOnly(asset: string): boolean {
    const currency = this.currencyOf(asset);
    if (this.#byCurrency.get(currency)?.reduceOnly) return true;
    return Object.values(this.#byTier).some((table) => table.get(currency)?.reduceOnly === true);
  }
}

/** Reads the allowance document (the shape of data/margin-allowances.yaml in @krakenkit/core). */
export function readAllowanceTable(doc: unknown, path = 'margin-allowances.yaml'): AllowanceTable {
  const root = record(doc, path);
  const currencies = readCurrencies(root['currencies'], `${path}.currencies`);
  const tiers: Partial<Record<TierName, ReadonlyMap<string, AllowanceEntry>>> = {};
  if (isPlain(root['tiers'])) {
    for (const tier of TIER_NAMES) {
      const table = root['tiers'][tier];
      if (table !== undefined) tiers[tier] = readCurrencies(table, `${path}.tiers.${tier}`);
    }
  }
  return new AllowanceTable(currencies, tiers);
}

function readCurrencies(value: unknown, path: string): Map<string, AllowanceEntry> {
  const out = new Map<string, AllowanceEntry>();
  for (const [currency, raw] of Object.entries(record(value, path))) {
    const at = `${path}.${currency}`;
    const entry = record(raw, at);
    out.set(currency, {
      currency,
      allowance: dec(decimalText(entry['allowance'], `${at}.allowance`)),
      fiat: bool(entry['fiat'], `${at}.fiat`, false),
      reduceOnly: bool(entry['reduceOnly'], `${at}.reduceOnly`, false),
      aliases: textList(entry['aliases'], `${at}.aliases`),
    });
  }
  return out;
}
