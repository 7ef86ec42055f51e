import { AccountRegistry } from './accounts/registry.js';
import { type AccountConfig, readAccounts } from './config/accounts.js';
import { type AllowanceTable, readAllowanceTable } from './config/allowances.js';
import { MockConfigError } from './config/config-error.js';
import { type FeeSchedule, readFeeSchedule } from './config/fees.js';
import { type LoadedConfig, loadConfig } from './config/load.js';
import {
  type AssetConfig,
  checkMarketReferences,
  type PairConfig,
  readAssets,
  readPairs,
} from './config/markets.js';
import { DEFAULT_SETTINGS, type ExchangeSettings } from './config/settings.js';
import { readTierTable, type TierTable } from './config/tiers.js';
import type { ExchangeContext } from './context.js';
import { type Clock, systemClock } from './core/clock.js';
import { dec } from './core/decimal.js';
import { EventBus } from './core/events.js';
import { IdFactory } from './core/ids.js';
import { DEFAULT_ERROR_STRINGS, type ErrorStrings } from './core/rejection.js';
import { Scheduler } from './core/scheduler.js';
import { FaultInjector, type FaultRule } from './faults/faults.js';
import { Markets } from './market/markets.js';
import { MarketCatalog } from './market/pairs.js';
import { OpenOrderIndex } from './orders/order-index.js';

/** Options of {@link createMockExchange} (and of `startMockExchange`). Omitted data comes from the config files. */
export interface MockExchangeOptions {
  /** Seed of every random stream (prices, ids, faults). Same seed + same requests at the same times = same run. */
  seed?: string | number;
  /** Exchange clock; default the system clock. Use a ManualClock in tests. */
  clock?: Clock;
  /**
   * A directory whose margin-allowances.yaml, tiers.yaml, fees.yaml and mock-exchange.yaml replace the shipped
   * ones (each file optional). Default: KRAKENKIT_CONFIG_DIR, a config/ folder holding mock-exchange.yaml, or
   * none (the shipped defaults).
   */
  configDir?: string;
  /** Accounts; default the demo accounts of mock-exchange.yaml. */
  accounts?: readonly AccountConfig[];
  /** Pairs: names of configured pairs (a subset) and/or full definitions; default all configured pairs. */
  pairs?: ReadonlyArray<string | PairConfig>;
  /** Extra or replacement assets. */
  assets?: readonly AssetConfig[];
  /** Allowance table (parsed, or a document shaped like margin-allowances.yaml). */
  allowances?: AllowanceTable | Record<string, unknown>;
  tiers?: TierTable | Record<string, unknown>;
  fees?: FeeSchedule | Record<string, unknown>;
  /** Replacement strings for Kraken errors the docs do not confirm. */
  errorStrings?: Partial<ErrorStrings>;
  /** The exchange's own margin pool per currency (`{ USD: "1000000" }`); omitted currencies are unlimited. */
  marginLiquidity?: Readonly<Record<string, string>>;
  faults?: readonly FaultRule[];
  settings?: Partial<ExchangeSettings>;
}

/** Builds the shared context from options and config files. */
export function buildContext(options: MockExchangeOptions): ExchangeContext {
  const config = loadConfig(options.configDir);
  const seed = String(options.seed ?? 'krakenkit');
  const clock = options.clock ?? systemClock;
  const allowances = options.allowances === undefined ? config.allowances : asAllowances(options.allowances);
  const assets = mergeAssets(config.assets, options.assets ?? []);
  const pairs = selectPairs(config, options.pairs);
  checkMarketReferences(assets, pairs);
  const catalog = new MarketCatalog(assets, pairs, allowances);
  const ids = new IdFactory(seed);
  const tiers =
    options.tiers === undefined
      ? config.tiers
      : isTierTable(options.tiers)
        ? options.tiers
        : readTierTable(options.tiers);
  const ctx: ExchangeContext = {
    seed,
    clock,
    ids,
    scheduler: new Scheduler(),
    events: new EventBus(),
    catalog,
    markets: new Markets(catalog, seed, () => ids.nextSequence()),
    allowances,
    tiers,
    fees:
      options.fees === undefined
        ? config.fees
        : isFeeSchedule(options.fees)
          ? options.fees
          : readFeeSchedule(options.fees),
    settings: { ...DEFAULT_SETTINGS, ...config.settings, ...options.settings },
    errors: { ...DEFAULT_ERROR_STRINGS, ...options.errorStrings },
    accounts: new AccountRegistry(tiers, catalog),
    marginLiquidity: new Map(
      Object.entries(options.marginLiquidity ?? {}).map(([c, v]) => [allowances.currencyOf(c), dec(v)]),
    ),
    openOrders: new OpenOrderIndex(),
    wsTokens: new Map(),
    system: { status: 'online' },
    faults: new FaultInjector(seed, options.faults ?? []),
  };
  const now = clock.now();
  // Code-supplied accounts go through the same readers as YAML, so mistakes name their path either way.
  const accounts =
    options.accounts === undefined ? config.accounts : readAccounts(options.accounts, 'options.accounts');
  for (const account of accounts) ctx.accounts.add(account, now);
  return ctx;
}

function asAllowances(value: AllowanceTable | Record<string, unknown>): AllowanceTable {
  return typeof (value as AllowanceTable).currencyOf === 'function'
    ? (value as AllowanceTable)
    : readAllowanceTable(value, 'options.allowances');
}

function isTierTable(value: TierTable | Record<string, unknown>): value is TierTable {
  const starter = (value as Record<string, unknown>)['starter'];
  return (
    typeof starter === 'object' &&
    starter !== null &&
    'withdrawalDailyUsd' in starter &&
    typeof (starter as { withdrawalDailyUsd: unknown }).withdrawalDailyUsd === 'object'
  );
}

function isFeeSchedule(value: FeeSchedule | Record<string, unknown>): value is FeeSchedule {
  const first = (value as { tiers?: unknown[] }).tiers?.[0];
  return (
    typeof first === 'object' && first !== null && typeof (first as { volume: unknown }).volume === 'object'
  );
}

function mergeAssets(base: readonly AssetConfig[], extra: readonly AssetConfig[]): AssetConfig[] {
  const byId = new Map(base.map((a) => [a.id, a]));
  extra.forEach(({ id, ...fields }, i) => {
    for (const asset of readAssets({ [id]: fields }, `options.assets[${i}]`)) byId.set(asset.id, asset);
  });
  return [...byId.values()];
}

function selectPairs(config: LoadedConfig, wanted: MockExchangeOptions['pairs']): PairConfig[] {
  if (wanted === undefined) return config.pairs;
  return wanted.map((entry, i) => {
    if (typeof entry !== 'string') {
      const { id, ...fields } = entry;
      const [pair] = readPairs({ [id]: fields }, `options.pairs[${i}]`);
      if (pair === undefined) throw new MockConfigError(`options.pairs[${i}]`, 'empty pair');
      return pair;
    }
    const found = config.pairs.find((p) => [p.id, p.altname, p.wsname].includes(entry));
    if (found === undefined)
      throw new MockConfigError(`pairs.${entry}`, 'no such pair in mock-exchange.yaml');
    return found;
  });
}
