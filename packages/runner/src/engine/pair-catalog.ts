import type { AssetPairInfo, AssetPairsResult } from '@krakenkit/client';
import { Decimal } from 'decimal.js';
import type { PairInfo } from '../strategies/types.js';

// Names people write for Kraken's own asset codes (BTC/USD for XBT/USD, DOGE for XDG).
const COMMON_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/\bBTC\b/g, 'XBT'],
  [/\bDOGE\b/g, 'XDG'],
];

/** AssetPairs as PairInfo, found by any of Kraken's names for a pair: id, altname, wsname, or BTC/USD style. */
export class PairCatalog {
  readonly #byName = new Map<string, PairInfo>();
  readonly raw: AssetPairsResult;

  constructor(assetPairs: AssetPairsResult) {
    this.raw = assetPairs;
    for (const [id, info] of Object.entries(assetPairs)) {
      const pair = pairInfoOf(id, info);
      for (const name of [id, pair.altname, pair.wsname]) this.#byName.set(name.toUpperCase(), pair);
    }
  }

  /** The pair, or undefined when no pair has this name. */
  find(name: string): PairInfo | undefined {
    const upper = name.trim().toUpperCase();
    const direct = this.#byName.get(upper) ?? this.#byName.get(upper.replace('/', ''));
    if (direct !== undefined) return direct;
    let common = upper;
    for (const [pattern, kraken] of COMMON_NAMES) common = common.replace(pattern, kraken);
    return this.#byName.get(common) ?? this.#byName.get(common.replace('/', ''));
  }
}

function pairInfoOf(id: string, info: AssetPairInfo): PairInfo {
  const pairDecimals = info.pair_decimals ?? 8;
  return {
    id,
    altname: info.altname ?? id,
    wsname: info.wsname ?? info.altname ?? id,
    base: info.base ?? '',
    quote: info.quote ?? '',
    tickSize: new Decimal(info.tick_size ?? new Decimal(10).pow(-pairDecimals)),
    lotDecimals: info.lot_decimals ?? 8,
    orderMin: new Decimal(info.ordermin ?? 0),
    costMin: info.costmin === undefined ? undefined : new Decimal(info.costmin),
    leverageBuy: info.leverage_buy ?? [],
    leverageSell: info.leverage_sell ?? [],
    status: info.status ?? 'online',
  };
}
