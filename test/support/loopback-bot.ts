import { randomBytes } from 'node:crypto';
import { createClient, type KrakenClient } from '@krakenkit/client';
import { createGuard, type Guard, type GuardedClient, guardClient } from '@krakenkit/guard';
import {
  ManualClock,
  type OrderEvent,
  type RunningMockExchange,
  startMockExchange,
} from '@krakenkit/mock-exchange';
import { Decimal, ZERO } from './decimal.js';
import type { TierName } from './differential-world.js';
import { applyExchangeEvent } from './exchange-events.js';
import { exchangeExposure } from './exchange-usage.js';
import { ALL_PERMISSIONS, GUARD_TIER_LIMITS, MOCK_TIERS, sendAtOnce } from './relaxed-limits.js';

/** A bot's view of one account on the loopback mock: the raw client, its guard and the guarded client. */
export interface LoopbackBot {
  accountId: string;
  /** The unguarded client: used only to read, and to ask the exchange (validate=true) what it would say. */
  raw: KrakenClient;
  guard: Guard;
  trading: GuardedClient<KrakenClient>;
  /** Feeds the exchange's executions for this account (fills, cancels) to the guard, as a WS feed would. */
  drain(): void;
  /** The touch of every pair from Ticker, as the guard's reference prices. */
  refreshPrices(): Promise<void>;
  /** Replaces the guard's positions and orders with the exchange's OpenPositions and OpenOrders. */
  reconcile(): Promise<void>;
}

export interface LoopbackWorld {
  running: RunningMockExchange;
  clock: ManualClock;
  bot(tier: TierName): Promise<LoopbackBot>;
  close(): Promise<void>;
}

const BALANCES = { ZUSD: '100000000', ZEUR: '100000000', ZGBP: '100000000', XXBT: '1000', XETH: '10000' };

/**
 * The mock exchange on 127.0.0.1 (manual clock, rate counters relaxed) with one account per tier, and bots that
 * talk to it over HTTP with the real client. Each bot's guard is built from the exchange's AssetPairs and seeded
 * from its OpenPositions and OpenOrders, as a bot starting up would do.
 */
export async function loopbackWorld(seed: string): Promise<LoopbackWorld> {
  const clock = new ManualClock();
  const tiers: TierName[] = ['starter', 'intermediate', 'pro'];
  const keys = new Map(tiers.map((tier) => [tier, randomBytes(64).toString('base64')]));
  const running = await startMockExchange({
    seed,
    clock,
    tiers: MOCK_TIERS,
    accounts: tiers.map((tier) => ({
      id: `bot-${tier}`,
      tier,
      apiKey: `bot-${tier}`,
      apiSecret: keys.get(tier) ?? '',
      balances: BALANCES,
    })),
  });
  const pending = new Map<string, OrderEvent[]>();
  running.exchange.on('order', (event) => pending.get(event.accountId)?.push(event));
  const clients: KrakenClient[] = [];
  return {
    running,
    clock,
    async bot(tier) {
      const accountId = `bot-${tier}`;
      const raw = createClient({
        baseUrl: running.url,
        key: {
          name: accountId,
          apiKey: accountId,
          apiSecret: keys.get(tier) ?? '',
          permissions: [...ALL_PERMISSIONS],
        },
        tier,
        rateLimit: { limiter: sendAtOnce },
        retry: { attempts: 1, reconcileDelayMs: 0, baseDelayMs: 1 },
      });
      clients.push(raw);
      const [assetPairs, openPositions, openOrders] = await Promise.all([
        raw.assetPairs(),
        raw.openPositions(),
        raw.openOrders(),
      ]);
      const guard = createGuard(
        { tier, assetPairs, tierLimits: GUARD_TIER_LIMITS },
        { openPositions, openOrders },
        { clock: () => clock.now() },
      );
      const queue: OrderEvent[] = [];
      pending.set(accountId, queue);
      const bot: LoopbackBot = {
        accountId,
        raw,
        guard,
        trading: guardClient(raw, guard),
        drain() {
          for (const event of queue.splice(0)) applyExchangeEvent(guard, event);
        },
        async refreshPrices() {
          const ticker = await raw.ticker({
            pair: Object.values(assetPairs)
              .map((p) => p.altname ?? '')
              .join(','),
          });
          for (const [id, entry] of Object.entries(ticker))
            guard.setReferencePrice(id, { bid: entry.b[0], ask: entry.a[0] });
        },
        async reconcile() {
          const [positions, orders] = await Promise.all([raw.openPositions(), raw.openOrders()]);
          guard.reconcile({ openPositions: positions, openOrders: orders });
        },
      };
      await bot.refreshPrices();
      return bot;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close();
    },
  };
}

/** Pool usage per currency as the guard holds it (currencies with any usage). */
export function guardPools(guard: Guard): Record<string, string> {
  return Object.fromEntries(guard.snapshot().pools.map((p) => [p.currency, p.total]));
}

/** Pool usage per currency as the exchange holds it, to `places` decimals (non-zero only). */
export function exchangePools(
  world: LoopbackWorld,
  bot: LoopbackBot,
  places?: number,
): Record<string, string> {
  const { pools } = exchangeExposure(world.running.exchange, bot.accountId);
  const out: Record<string, string> = {};
  for (const [currency, amount] of pools) {
    if (amount.eq(ZERO)) continue;
    out[currency] = places === undefined ? amount.toFixed() : amount.toDecimalPlaces(places).toFixed();
  }
  return out;
}

/** Rounds every value of a pools record (OpenPositions costs are rounded to the pair's cost decimals). */
export function rounded(pools: Record<string, string>, places: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pools).map(([k, v]) => [k, new Decimal(v).toDecimalPlaces(places).toFixed()]),
  );
}
