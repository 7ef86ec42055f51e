import {
  type ApiKeyConfig,
  type AssetPairsResult,
  ConfigError,
  type ConfigIssue,
  createClient,
  type KrakenClient,
  lookupPermission,
  permissionFlag,
  type TradeVolumeResult,
} from '@krakenkit/client';
import { PairIndex } from '@krakenkit/core';
import { createGuard, type Guard, type GuardedClient, type GuardSeed, guardClient } from '@krakenkit/guard';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import type { Logger } from 'pino';
import { type Environment, mintPaperKeys, resolveKeys } from '../config/credentials.js';
import { type BotConfig, issueAt } from '../config/load.js';
import type { PairInfo } from '../strategies/types.js';

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
  guard: Guard;
  /** Guarded clients by key name. No raw client is kept. */
  clients: ReadonlyMap<string, BotClient>;
  /** The exchange's pairs, found by any of their names. */
  pairs: PairIndex;
  /** AssetPairs as the exchange sent it (fee schedules, the guard's pair data). */
  assetPairs: AssetPairsResult;
  /** Each bot's pairs, resolved (bot name → pairs, in config order). */
  botPairs: ReadonlyMap<string, PairInfo[]>;
  /** TradeVolume at start, when the key may read it. */
  tradeVolume: TradeVolumeResult | undefined;
  /** Public API key of each key (paper keys are minted per run). Never the secret. */
  apiKeys: ReadonlyMap<string, string>;
  /** Closes the clients and stops the embedded mock exchange, if any. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  env: Environment;
  logger: Logger;
  /** Keys to open clients for; default the keys of the enabled bots. */
  keys?: readonly string[];
}

/**
 * Opens the exchange for a config: starts the embedded mock (paper keys with the declared permissions) or
 * resolves the Kraken credentials, creates a client per key, reads AssetPairs and the account, and builds the
 * guard seeded with positions, open orders, balances, 30-day volume and current prices. Bots' pairs are checked
 * against AssetPairs; unknown pairs are config errors with file:line:column.
 */
export async function openConnection(config: BotConfig, options: ConnectOptions): Promise<Connection> {
  const names = options.keys ?? [...new Set(config.bots.filter((bot) => bot.enabled).map((bot) => bot.key))];
  const { baseUrl, mock, keys } = await openExchange(config, names, options.env);
  const raw = new Map<string, KrakenClient>();
  try {
    for (const key of keys) {
      const logger = options.logger.child({ key: key.name });
      raw.set(key.name, createClient({ baseUrl, key, tier: config.account.tier, logger }));
    }
    const first = raw.values().next().value ?? createClient({ baseUrl, logger: options.logger });
    const assetPairs = await first.assetPairs();
    const pairs = PairIndex.fromAssetPairs(assetPairs);
    const botPairs = resolveBotPairs(config, pairs);
    const seed = await readAccount(first, botPairs, options.logger);
    const guard = createGuard({ ...config.guardRules, assetPairs }, seed.guardSeed);
    const clients = new Map([...raw].map(([name, client]) => [name, guardClient(client, guard)] as const));
    if (raw.size === 0) await first.close();
    return {
      kind: config.exchange.kind,
      baseUrl,
      mock,
      guard,
      clients,
      pairs,
      assetPairs,
      botPairs,
      tradeVolume: seed.tradeVolume,
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

async function openExchange(config: BotConfig, names: readonly string[], env: Environment) {
  if (config.exchange.kind === 'kraken') {
    return { baseUrl: config.exchange.restUrl, mock: undefined, keys: resolveKeys(config, names, env) };
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
  const issues: ConfigIssue[] = [];
  const resolved = new Map<string, PairInfo[]>();
  config.bots.forEach((bot, index) => {
    const pairs: PairInfo[] = [];
    bot.pairs.forEach((name, at) => {
      const pair = catalog.get(name);
      if (pair === undefined)
        issues.push(
          issueAt(config, ['bots', index, 'pairs', at], `no pair "${name}" on this exchange (AssetPairs)`),
        );
      else pairs.push(pair);
    });
    const definition = config.strategies[bot.strategy];
    if (pairs.length === bot.pairs.length && definition?.checkPairs !== undefined) {
      for (const problem of definition.checkPairs(bot.params, pairs))
        issues.push(issueAt(config, ['bots', index, 'params'], problem));
    }
    resolved.set(bot.name, pairs);
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/** The account as the guard starts from it: raw Kraken results plus current prices. */
async function readAccount(client: KrakenClient, botPairs: ReadonlyMap<string, PairInfo[]>, logger: Logger) {
  const ids = [...new Set([...botPairs.values()].flat().map((pair) => pair.id))];
  const ticker = ids.length === 0 ? {} : await client.ticker({ pair: ids });
  const referencePrices: Record<string, { bid: string; ask: string }> = {};
  for (const [id, info] of Object.entries(ticker)) referencePrices[id] = { bid: info.b[0], ask: info.a[0] };
  if (client.key === undefined)
    return { guardSeed: { referencePrices } as GuardSeed, tradeVolume: undefined };
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
  const guardSeed: GuardSeed = {
    referencePrices,
    balance,
    openOrders,
    openPositions,
    ...(tradeVolume === undefined ? {} : { tradeVolume }),
  };
  return { guardSeed, tradeVolume };
}
