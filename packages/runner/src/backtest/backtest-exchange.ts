import {
  type ApiKeyConfig,
  type AssetPairsResult,
  ConfigError,
  createClient,
  type KrakenClient,
  lookupPermission,
  permissionFlag,
} from '@krakenkit/client';
import { Decimal, PairIndex } from '@krakenkit/core';
import { createGuard, type Guard, type GuardSeed, guardClient } from '@krakenkit/guard';
import {
  createMockExchange,
  ManualClock,
  type MockExchange,
  mockTransport,
  type PairStatus,
} from '@krakenkit/mock-exchange';
import type { Logger } from 'pino';
import { mintPaperKeys } from '../config/credentials.js';
import type { BotConfig } from '../config/load.js';
import { type BotClient, type Connection, DEFAULT_PAPER_BALANCES, midOf } from '../engine/connect.js';
import { usdPricePairs } from '../engine/usd-prices.js';
import { checkBotPairs, unknownPairMessage } from '../pairs/check-bot-pairs.js';
import type { PairInfo } from '../strategies/types.js';
import { BacktestDataError } from './data/data-error.js';

/** The paper account a backtest trades on. */
export const BACKTEST_ACCOUNT = 'paper';
// No HTTP is ever made: requests go to the exchange in-process. The origin only names it in logs.
const BACKTEST_ORIGIN = 'http://backtest.invalid';
// The mock's own random walk would move prices between the data's: it is pushed far past any data (≈ 31,700 years).
const NO_RANDOM_WALK_MS = 1e15;
const DAY_MS = 86_400_000;
/**
 * Data that begins this soon after the start counts as there from the start: a recording's pairs, whose first
 * messages arrive moments apart, are not each a market not yet open (and the look ahead is a few seconds at most).
 */
const OPENING_GRACE_MS = 10_000;
/** The days the exchange's volume window spans. */
const VOLUME_DAYS = 30;

/** The embedded exchange of a backtest, on a clock that moves only when the data does. */
export interface BacktestExchange {
  clock: ManualClock;
  exchange: MockExchange;
  /** The session's view of it, as a live run has (guarded clients, guard, pairs), with the guard on the clock. */
  connection: Connection;
  guard: Guard;
  /** Each data file's pair, in the order given. */
  dataPairs: PairInfo[];
  /**
   * Data pairs whose data begins after the start, by id: closed (`cancel_only`) on the exchange and unknown to the
   * guard until their first price, when they reopen with the status given here.
   */
  unopened: ReadonlyMap<string, PairStatus>;
  /** The account at the start: balances and the USD price of each asset the exchange could price. */
  account: { balance: Readonly<Record<string, string>>; usdPrices: Readonly<Record<string, string>> };
}

/** Where a data file's pair starts. */
export interface StartPrice {
  file: string;
  /** The pair as the file names it (any Kraken name). */
  pair: string;
  price: string;
  /** When (epoch ms). */
  at: number;
}

/**
 * Opens the mock exchange in-process for a backtest: a paper account with the config's tier, balances and 30-day
 * volume (so its fee tier and margin rules are the live run's), a paper key per declared key with exactly its
 * permissions, the data's first price on each pair whose data begins at the start, and the config's guard seeded
 * from the account and reading the backtest's clock. A pair whose data begins later has no price until then: its
 * first price is in the future, so it is not shown to the exchange nor the guard, and the exchange refuses orders
 * on it (`cancel_only`, as a market not yet open). Clients talk to the exchange through the in-process transport
 * (no sockets) and wait on the backtest's clock (a rate-limit wait moves it, never the wall clock).
 */
export async function openBacktestExchange(
  config: BotConfig,
  start: { at: number; prices: readonly StartPrice[] },
  logger: Logger,
): Promise<BacktestExchange> {
  const clock = new ManualClock(start.at);
  const names = [...new Set(config.bots.filter((bot) => bot.enabled).map((bot) => bot.key))];
  const keys = mintPaperKeys(config, names);
  const exchange = createMockExchange({
    clock,
    ...(config.exchange.kind === 'mock' && config.exchange.seed !== undefined
      ? { seed: config.exchange.seed }
      : {}),
    settings: { stepMs: NO_RANDOM_WALK_MS },
    accounts: [
      {
        id: BACKTEST_ACCOUNT,
        tier: config.account.tier,
        keys: keys.map(mockKey),
        balances: config.account.balances ?? DEFAULT_PAPER_BALANCES,
      },
    ],
  });
  if (config.account.volume30d !== undefined)
    spreadStartingVolume(exchange, start.at, new Decimal(config.account.volume30d));
  const transport = mockTransport(exchange);
  const timers = {
    now: () => clock.now(),
    sleep: (ms: number) => {
      clock.advance(Math.max(0, ms));
      return Promise.resolve();
    },
  };
  const raw = new Map<string, KrakenClient>();
  for (const key of keys)
    raw.set(
      key.name,
      createClient({ baseUrl: BACKTEST_ORIGIN, key, tier: config.account.tier, transport, timers, logger }),
    );
  const first = raw.values().next().value as KrakenClient;
  const assetPairs = await first.assetPairs();
  const pairs = PairIndex.fromAssetPairs(assetPairs);
  const unopened = new Map<string, PairStatus>();
  const dataPairs = start.prices.map(({ file, pair: name, price, at }) => {
    const pair = pairs.get(name);
    if (pair === undefined)
      throw new BacktestDataError(file, unknownPairMessage(name, pairs, 'on the exchange'));
    if (at <= start.at + OPENING_GRACE_MS) exchange.setPrice(pair.id, price);
    else {
      unopened.set(pair.id, (assetPairs[pair.id]?.status as PairStatus | undefined) ?? 'online');
      exchange.setPairStatus(pair.id, 'cancel_only');
    }
    return pair;
  });
  const botPairs = resolveBotPairs(config, pairs);
  const { seed, usdPairs, tradeVolume } = await readAccount(first, botPairs, assetPairs, unopened);
  const guard = createGuard({ ...config.guardRules, assetPairs }, seed, { clock: timers.now });
  const clients = new Map([...raw].map(([name, client]) => [name, guardClient(client, guard)] as const));
  const botClients = new Map<string, BotClient>();
  for (const bot of config.bots) {
    const client = raw.get(bot.key);
    if (client !== undefined) botClients.set(bot.name, guardClient(client, guard.forBot(bot.name)));
  }
  const connection: Connection = {
    kind: 'mock',
    baseUrl: BACKTEST_ORIGIN,
    mock: undefined,
    guard,
    clients,
    botClients,
    usdPairs,
    pairs,
    assetPairs,
    botPairs,
    tradeVolume,
    startView: undefined,
    apiKeys: new Map(keys.map((key) => [key.name, key.apiKey])),
    close: async () => {
      await Promise.allSettled([...clients.values()].map((client) => client.close()));
    },
  };
  const account = { balance: seed.balance ?? {}, usdPrices: seed.usdPrices ?? {} };
  return { clock, exchange, connection, guard, dataPairs, unopened, account };
}

// The account's 30-day volume at the start was traded over the 30 days before it: it is booked as equal daily parts
// there, so it leaves the window a thirtieth a day as market time passes (a fixed baseline would keep the starting
// fee tier for the whole backtest, however little the bots trade).
function spreadStartingVolume(exchange: MockExchange, at: number, volume: Decimal): void {
  const account = exchange.account(BACKTEST_ACCOUNT);
  const part = volume.div(VOLUME_DAYS).toDecimalPlaces(8, Decimal.ROUND_DOWN);
  for (let day = VOLUME_DAYS - 1; day >= 0; day -= 1)
    account.addVolume(at - day * DAY_MS, day === 0 ? volume.minus(part.times(VOLUME_DAYS - 1)) : part);
}

// The mock enforces the declared permissions (as flags) and nonce window, as the paper run's does.
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

// Each enabled bot's pairs by AssetPairs, checked as `validate` and `run` check them (unknown names with the nearest
// ones, leverage the pair does not offer, volumes below its minimum): config errors at their file:line:column.
function resolveBotPairs(config: BotConfig, catalog: PairIndex): Map<string, PairInfo[]> {
  const { resolved, issues } = checkBotPairs(config, catalog, 'on the exchange');
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

// The guard's seed, read from the exchange as a live start reads it: balances, orders, positions, 30-day volume,
// and the prices of the bots' pairs and of every held asset in USD. A pair not yet open has no price: the mock's
// own would be made up, and the data's first one is in the future.
async function readAccount(
  client: KrakenClient,
  botPairs: ReadonlyMap<string, PairInfo[]>,
  assetPairs: AssetPairsResult,
  unopened: ReadonlyMap<string, PairStatus>,
) {
  const traded = [...botPairs.values()].flat();
  const ids = [...new Set(traded.map((pair) => pair.id))];
  const [balance, openOrders, openPositions, tradeVolume] = await Promise.all([
    client.balance(),
    client.openOrders(),
    client.openPositions(),
    client.tradeVolume(ids.length === 0 ? {} : { pair: ids.slice(0, 1) }),
  ]);
  const held = Object.keys(balance).filter((asset) => !asset.includes('.'));
  const usdPairs = usdPricePairs(assetPairs, [...held, ...traded.flatMap((pair) => [pair.base, pair.quote])]);
  const all = [...new Set([...ids, ...usdPairs.keys()])];
  const ticker = all.length === 0 ? {} : await client.ticker({ pair: all });
  const referencePrices: Record<string, { bid: string; ask: string }> = {};
  const usdPrices: Record<string, string> = {};
  for (const [id, info] of Object.entries(ticker)) {
    if (unopened.has(id)) continue;
    referencePrices[id] = { bid: info.b[0], ask: info.a[0] };
    const asset = usdPairs.get(id);
    if (asset !== undefined) usdPrices[asset] = midOf(info.b[0], info.a[0]);
  }
  const seed = {
    balance,
    openOrders,
    openPositions,
    tradeVolume,
    referencePrices,
    usdPrices,
  } satisfies GuardSeed;
  return { seed, usdPairs, tradeVolume };
}
