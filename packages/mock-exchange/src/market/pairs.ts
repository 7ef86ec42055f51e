import type { AllowanceTable } from '../config/allowances.js';
import type { AssetConfig, PairConfig, PairStatus } from '../config/markets.js';
import { type Decimal, dec } from '../core/decimal.js';
import { E, KrakenRejection } from '../core/rejection.js';

/** A tradable pair with its limits as Decimals. `status` can change at run time (tests, maintenance drills). */
export interface Pair {
  readonly id: string;
  readonly altname: string;
  readonly wsname: string;
  readonly base: string;
  readonly quote: string;
  readonly pairDecimals: number;
  readonly lotDecimals: number;
  readonly costDecimals: number;
  readonly ordermin: Decimal;
  readonly costmin: Decimal;
  readonly tickSize: Decimal;
  readonly leverageBuy: readonly number[];
  readonly leverageSell: readonly number[];
  readonly marginCall: number;
  readonly marginStop: number;
  /** Largest margin position per side, base currency; undefined = no limit. */
  readonly longPositionLimit: Decimal | undefined;
  readonly shortPositionLimit: Decimal | undefined;
  status: PairStatus;
  readonly config: PairConfig;
}

export interface Asset {
  readonly id: string;
  readonly altname: string;
  readonly decimals: number;
  readonly displayDecimals: number;
  readonly collateralValue: Decimal;
  readonly withdrawFee: Decimal;
  readonly withdrawMinimum: Decimal;
  readonly method: string;
}

/** The markets the exchange lists: assets and pairs, resolvable by any of Kraken's names. */
export class MarketCatalog {
  readonly pairs: readonly Pair[];
  readonly assets: readonly Asset[];
  readonly #pairByName = new Map<string, Pair>();
  readonly #assetByName = new Map<string, Asset>();

  constructor(assets: readonly AssetConfig[], pairs: readonly PairConfig[], allowances: AllowanceTable) {
    this.assets = assets.map(toAsset);
    for (const asset of this.assets) {
      this.#assetByName.set(asset.id.toUpperCase(), asset);
      this.#assetByName.set(asset.altname.toUpperCase(), asset);
    }
    this.pairs = pairs.map((config) => toPair(config, allowances));
    for (const pair of this.pairs) {
      for (const name of [pair.id, pair.altname, pair.wsname, displayName(pair, this)]) {
        this.#pairByName.set(name.toUpperCase(), pair);
      }
    }
  }

  /** Resolves a pair id (XXBTZUSD), altname (XBTUSD), wsname (XBT/USD) or display name (BTC/USD). */
  findPair(name: string): Pair | undefined {
    // Names are stored in upper case: one written that way is found without normalising it.
    return this.#pairByName.get(name) ?? this.#pairByName.get(name.trim().toUpperCase());
  }

  /** Like {@link findPair}, rejecting with `EQuery:Unknown asset pair`. */
  pair(name: string): Pair {
    const pair = this.findPair(name);
    if (pair === undefined) throw new KrakenRejection(E.unknownPair, name);
    return pair;
  }

  /** Resolves an asset id (XXBT) or altname (XBT). */
  findAsset(name: string): Asset | undefined {
    return this.#assetByName.get(name) ?? this.#assetByName.get(name.trim().toUpperCase());
  }

  asset(name: string): Asset {
    const asset = this.findAsset(name);
    if (asset === undefined) throw new KrakenRejection(E.unknownAsset, name);
    return asset;
  }
}

/** WS v2 style name: BTC instead of XBT, altnames of the assets (`BTC/USD`, `ETH/BTC`). */
export function displayName(pair: Pair, catalog: MarketCatalog): string {
  const alt = (id: string): string => {
    const name = catalog.findAsset(id)?.altname ?? id;
    return name === 'XBT' ? 'BTC' : name;
  };
  return `${alt(pair.base)}/${alt(pair.quote)}`;
}

function toAsset(config: AssetConfig): Asset {
  return {
    id: config.id,
    altname: config.altname,
    decimals: config.decimals,
    displayDecimals: config.display_decimals,
    collateralValue: dec(config.collateral_value ?? '0'),
    withdrawFee: dec(config.withdraw_fee ?? '0'),
    withdrawMinimum: dec(config.withdraw_minimum ?? '0'),
    method: config.method ?? config.altname,
  };
}

function toPair(config: PairConfig, allowances: AllowanceTable): Pair {
  const reduceOnly = allowances.isReduceOnly(config.base);
  return {
    id: config.id,
    altname: config.altname,
    wsname: config.wsname,
    base: config.base,
    quote: config.quote,
    pairDecimals: config.pair_decimals,
    lotDecimals: config.lot_decimals,
    costDecimals: config.cost_decimals,
    ordermin: dec(config.ordermin),
    costmin: dec(config.costmin),
    tickSize: dec(config.tick_size),
    leverageBuy: config.leverage_buy ?? [],
    leverageSell: config.leverage_sell ?? [],
    marginCall: config.margin_call ?? 80,
    marginStop: config.margin_stop ?? 40,
    longPositionLimit: config.long_position_limit === undefined ? undefined : dec(config.long_position_limit),
    shortPositionLimit:
      config.short_position_limit === undefined ? undefined : dec(config.short_position_limit),
    status: reduceOnly ? 'reduce_only' : (config.status ?? 'online'),
    config,
  };
}
