import {
  type ApiKeyConfig,
  type AssetPairsResult,
  ConfigError,
  createClient,
  type KrakenClient,
  lookupPermission,
  type OpenOrdersResult,
  type OpenPositionsResult,
  permissionFlag,
  type TradeVolumeResult,
} from '@krakenkit/client';
import { Decimal, PairIndex } from '@krakenkit/core';
import { accountIdOf, type StateStore } from '@krakenkit/core/store';
import { type GuardedClient, type GuardSeed, guardClient } from '@krakenkit/guard';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import type { Logger } from 'pino';
import { type Environment, mintPaperKeys, resolveKeys } from '../config/credentials.js';
import type { BotConfig } from '../config/load.js';
import { checkBotPairs } from '../pairs/check-bot-pairs.js';
import type { PairInfo } from '../strategies/types.js';
import { type GuardSharing, guardInstanceOf, openSessionGuard, type SessionGuard } from './session-guard.js';
import { usdPricePairs } from './usd-prices.js';

/** The client a bot trades through: the guarded client (trading passes the guard; reads pass through). */
export type BotClient = GuardedClient<KrakenClient>;

/** Starting balances of the paper account when the config gives none. */
export const DEFAULT_PAPER_BALANCES: Readonly<Record<string, string>> = {
  ZUSD: '100000',
  XXBT: '2',
  XETH: '20',
  ZEUR: '50000',
  SOL: '100',
};

/** An open connection to an exchange: one guarded client per key, one guard for the account. */
export interface Connection {
  kind: 'mock' | 'kraken';
  baseUrl: string;
  /** The embedded exchange (mock only): tests use it to move prices or revoke a key. */
  mock: RunningMockExchange | undefined;
  /**
   * The account's guard: shared through the session's state store by every process on the first key (a
   * `SharedGuard`, see ConnectOptions.store), else this process's own `Guard`.
   */
  guard: SessionGuard;
  /** Guarded clients by key name. No raw client is kept. */
  clients: ReadonlyMap<string, BotClient>;
  /**
   * Guarded clients by bot name: the bot's key, through `guard.forBot(name)`, so the bot's own loss limits apply
   * to its orders and their fills count in its PnL.
   */
  botClients: ReadonlyMap<string, BotClient>;
  /** Pairs polled for USD prices (AssetPairs id → the asset they price), for equity and PnL in USD. */
  usdPairs: ReadonlyMap<string, string>;
  /** The exchange's pairs, found by any of their names. */
  pairs: PairIndex;
  /** AssetPairs as the exchange sent it (fee schedules, the guard's pair data). */
  assetPairs: AssetPairsResult;
  /** Each bot's pairs, resolved (bot name → pairs, in config order). */
  botPairs: ReadonlyMap<string, PairInfo[]>;
  /** TradeVolume at start, when the key may read it. */
  tradeVolume: TradeVolumeResult | undefined;
  /**
   * OpenOrders and OpenPositions of the first key as read at start (the guard's seed), so a restarted bot adopts
   * from them without asking again.
   */
  startView: { key: string; openOrders: OpenOrdersResult; openPositions: OpenPositionsResult } | undefined;
  /** Public API key of each key (paper keys are minted per run). Never the secret. */
  apiKeys: ReadonlyMap<string, string>;
  /** Closes the clients and stops the embedded mock exchange, if any. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  env: Environment;
  logger: Logger;
  /** Told what is allowed but unsafe (a credential file others can read); default: logged at warn. */
  onWarning?: (message: string) => void;
  /** Keys to open clients for; default the keys of the enabled bots. */
  keys?: readonly string[];
  /**
   * Called with each key's public API key (by key name) once the credentials are known and before any call is
   * made: the session takes its leases here, so a refused session never touches the exchange.
   */
  claim?: (apiKeys: ReadonlyMap<string, string>) => Promise<void>;
  /**
   * The session's state store, shared by every process trading these keys. Given, each key's client takes its
   * nonces and charges its REST counter there, and the guard is the shared guard of the first key's account
   * (`@krakenkit/guard/shared`), so reservations made by any process count for all. Without one, clients and
   * guard are this process's own.
   */
  store?: StateStore;
  /**
   * The name this process writes to the shared guard's journal under (with `store`); default the sorted names of
   * the config's enabled bots (see guardInstanceOf). A process that runs no bot (the dashboard) gives its own.
   */
  guardInstance?: string;
}

/**
 * Opens the exchange for a config: starts the embedded mock (paper keys with the declared permissions) or
 * resolves the Kraken credentials, creates a client per key, reads AssetPairs and the account, and builds the
 * guard seeded with positions, open orders, balances, 30-day volume and current prices. With `options.store` the
 * clients and the guard are shared through it (see ConnectOptions.store). Bots' pairs are checked against
 * AssetPairs; unknown pairs are config errors with file:line:column.
 */
export async function openConnection(config: BotConfig, options: ConnectOptions): Promise<Connection> {
  const names = options.keys ?? [...new Set(config.bots.filter((bot) => bot.enabled).map((bot) => bot.key))];
  const onWarning = options.onWarning ?? ((message: string) => options.logger.warn(message));
  const { baseUrl, mock, keys } = await openExchange(config, names, options.env, onWarning);
  const raw = new Map<string, KrakenClient>();
  try {
    await options.claim?.(new Map(keys.map((key) => [key.name, key.apiKey])));
    // With a store, each key's nonces (the order its calls arrive in) and its REST counter are shared by every
    // process on the key, so sessions side by side get neither EAPI:Invalid nonce nor a rate-limit error.
    const { store } = options;
    for (const key of keys) {
      const logger = options.logger.child({ key: key.name });
      const shared = store === undefined ? {} : { store: { store, account: accountIdOf(key.apiKey) } };
      raw.set(key.name, createClient({ baseUrl, key, tier: config.account.tier, logger, ...shared }));
    }
    const first = raw.values().next().value ?? createClient({ baseUrl, logger: options.logger });
    const assetPairs = await first.assetPairs();
    const pairs = PairIndex.fromAssetPairs(assetPairs);
    const botPairs = resolveBotPairs(config, pairs);
    const seed = await readAccount(first, botPairs, assetPairs, options.logger);
    const guard = await openSessionGuard(
      { ...config.guardRules, assetPairs },
      seed.guardSeed,
      guardSharing(config, store, keys[0]?.apiKey, options.guardInstance),
    );
    const { clients, botClients } = guardedClients(config, raw, guard);
    if (raw.size === 0) await first.close();
    return {
      kind: config.exchange.kind,
      baseUrl,
      mock,
      guard,
      clients,
      botClients,
      usdPairs: seed.usdPairs,
      pairs,
      assetPairs,
      botPairs,
      tradeVolume: seed.tradeVolume,
      startView: startViewOf(keys[0]?.name, seed.guardSeed),
      apiKeys: new Map(keys.map((key) => [key.name, key.apiKey])),
      close: async () => {
        await Promise.allSettled([...clients.values()].map((client) => client.close()));
        await mock?.close();
      },
    };
  } catch (error) {
    await Promise.allSettled([...raw.values()].map((client) => client.close()));
    await mock?.close();
    throw error;
  }
}

// One guarded client per key, and one per bot: its key's, judged as that bot (its loss limits, its PnL).
function guardedClients(config: BotConfig, raw: ReadonlyMap<string, KrakenClient>, guard: SessionGuard) {
  const clients = new Map([...raw].map(([name, client]) => [name, guardClient(client, guard)] as const));
  const botClients = new Map<string, BotClient>();
  for (const bot of config.bots) {
    const client = raw.get(bot.key);
    if (client !== undefined) botClients.set(bot.name, guardClient(client, guard.forBot(bot.name)));
  }
  return { clients, botClients };
}

// The guard is shared through the store under the account of the first key (the one it is seeded from), written
// to under a name that stands for this config's bots (or the one the caller gives).
function guardSharing(
  config: BotConfig,
  store: StateStore | undefined,
  apiKey: string | undefined,
  instance: string | undefined,
): GuardSharing | undefined {
  if (store === undefined || apiKey === undefined) return undefined;
  const bots = config.bots.filter((bot) => bot.enabled).map((bot) => bot.name);
  return { store, account: accountIdOf(apiKey), instance: instance ?? guardInstanceOf(bots) };
}

async function openExchange(
  config: BotConfig,
  names: readonly string[],
  env: Environment,
  onWarning: (message: string) => void,
) {
  if (config.exchange.kind === 'kraken') {
    const keys = resolveKeys(config, names, env, { onWarning });
    return { baseUrl: config.exchange.restUrl, mock: undefined, keys };
  }
  const keys = mintPaperKeys(config, names);
  const mock = await startMockExchange({
    port: config.exchange.port,
    ...(config.exchange.seed === undefined ? {} : { seed: config.exchange.seed }),
    accounts: [
      {
        id: 'paper',
        tier: config.account.tier,
        keys: keys.map((key) => mockKey(key)),
        balances: config.account.balances ?? DEFAULT_PAPER_BALANCES,
        ...(config.account.volume30d === undefined ? {} : { volume30d: config.account.volume30d }),
      },
    ],
  });
  return { baseUrl: mock.url, mock, keys };
}

// The mock enforces the declared permissions and nonce window; the IP allowlist is a note for audits (the
// embedded exchange is on loopback, where a real allowlist would lock the bot out).
function mockKey(key: ApiKeyConfig) {
  const flags = key.permissions.flatMap((name) => {
    const permission = lookupPermission(name);
    return permission === undefined ? [] : [permissionFlag(permission)];
  });
  return {
    apiKey: key.apiKey,
    apiSecret: key.apiSecret,
    permissions: flags,
    ...(key.nonceWindow === undefined ? {} : { nonceWindow: key.nonceWindow }),
  };
}

function resolveBotPairs(config: BotConfig, catalog: PairIndex): Map<string, PairInfo[]> {
  const { resolved, issues } = checkBotPairs(config, catalog, 'on this exchange');
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/**
 * The account as the guard starts from it: raw Kraken results plus current prices: the bots' pairs, and the USD
 * price of every asset held or traded (the equity cap and the loss limits count in USD).
 */
async function readAccount(
  client: KrakenClient,
  botPairs: ReadonlyMap<string, PairInfo[]>,
  assetPairs: AssetPairsResult,
  logger: Logger,
) {
  const traded = [...botPairs.values()].flat();
  const ids = [...new Set(traded.map((pair) => pair.id))];
  if (client.key === undefined) {
    const prices = await currentPrices(
      client,
      ids,
      assetPairs,
      traded.flatMap((pair) => [pair.base, pair.quote]),
    );
    return { guardSeed: prices.seed as GuardSeed, tradeVolume: undefined, usdPairs: prices.usdPairs };
  }
  const [balance, openOrders, openPositions, tradeVolume] = await Promise.all([
    client.balance(),
    client.openOrders(),
    client.openPositions(),
    client.tradeVolume(ids.length === 0 ? {} : { pair: ids.slice(0, 1) }).catch((error: unknown) => {
      // Fee-tier progress is a nicety: a key without "Query funds" still trades.
      logger.warn({ err: error }, 'TradeVolume unavailable: no fee-tier progress');
      return undefined;
    }),
  ]);
  // Suffixed balances (XXBT.S staked) are not the asset's own code.
  const held = Object.keys(balance).filter((asset) => !asset.includes('.'));
  const assets = [...held, ...traded.flatMap((pair) => [pair.base, pair.quote])];
  const prices = await currentPrices(client, ids, assetPairs, assets);
  const guardSeed: GuardSeed = {
    ...prices.seed,
    balance,
    openOrders,
    openPositions,
    ...(tradeVolume === undefined ? {} : { tradeVolume }),
  };
  return { guardSeed, tradeVolume, usdPairs: prices.usdPairs };
}

// One Ticker call for the bots' pairs and the pairs that price `assets` in USD.
async function currentPrices(
  client: KrakenClient,
  ids: readonly string[],
  assetPairs: AssetPairsResult,
  assets: Iterable<string>,
) {
  const usdPairs = usdPricePairs(assetPairs, assets);
  const all = [...new Set([...ids, ...usdPairs.keys()])];
  const ticker = all.length === 0 ? {} : await client.ticker({ pair: all });
  const referencePrices: Record<string, { bid: string; ask: string }> = {};
  const usdPrices: Record<string, string> = {};
  for (const [id, info] of Object.entries(ticker)) {
    referencePrices[id] = { bid: info.b[0], ask: info.a[0] };
    const asset = usdPairs.get(id);
    if (asset !== undefined) usdPrices[asset] = midOf(info.b[0], info.a[0]);
  }
  return { seed: { referencePrices, usdPrices }, usdPairs };
}

function startViewOf(key: string | undefined, seed: GuardSeed): Connection['startView'] {
  const { openOrders, openPositions } = seed as {
    openOrders?: OpenOrdersResult;
    openPositions?: OpenPositionsResult;
  };
  if (key === undefined || openOrders === undefined || openPositions === undefined) return undefined;
  return { key, openOrders, openPositions };
}

/** The mid of a bid and an ask, as decimal text. */
export function midOf(bid: string, ask: string): string {
  return new Decimal(bid).plus(ask).div(2).toFixed();
}
