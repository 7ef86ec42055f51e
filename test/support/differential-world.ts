import { randomBytes } from 'node:crypto';
import { type AssetPairsResult, createClient, type KrakenClient } from '@krakenkit/client';
import { createGuard, type Guard } from '@krakenkit/guard';
import { ManualClock, MockExchange, mockTransport, type OrderEvent } from '@krakenkit/mock-exchange';
import { Decimal } from './decimal.js';
import { applyExchangeEvent } from './exchange-events.js';
import { ALL_PERMISSIONS, GUARD_TIER_LIMITS, MOCK_TIERS, sendAtOnce } from './relaxed-limits.js';

export type TierName = 'starter' | 'intermediate' | 'pro';

/** One account on the mock, its unguarded client, and the guard that shadows it. */
export interface Trader {
  tier: TierName;
  accountId: string;
  client: KrakenClient;
  guard: Guard;
  /** Exchange order events not yet fed to the guard. */
  pending: OrderEvent[];
}

/** What the order generator needs to know about a pair, read from the mock's AssetPairs. */
export interface PairFacts {
  id: string;
  altname: string;
  /** Allowance-table currency names (BTC, USD). */
  base: string;
  quote: string;
  baseIsFiat: boolean;
  lotDecimals: number;
  tick: Decimal;
  ordermin: Decimal;
  costmin: Decimal;
  leverageBuy: readonly number[];
  leverageSell: readonly number[];
  longLimit: Decimal | undefined;
  shortLimit: Decimal | undefined;
}

export interface Touch {
  bid: Decimal;
  ask: Decimal;
}

/** Balances large enough that collateral (margin level) and spot funds never decide an order. */
const AMPLE_BALANCES = {
  ZUSD: '100000000000',
  ZEUR: '100000000000',
  ZGBP: '100000000000',
  XXBT: '10000000',
  XETH: '100000000',
  SOL: '1000000000',
  ATOM: '10000000000',
  USDT: '100000000000',
  KEEP: '100000000000',
};

export interface DifferentialWorld {
  exchange: MockExchange;
  clock: ManualClock;
  traders: Trader[];
  pairs: PairFacts[];
  assetPairs: AssetPairsResult;
  /** Current touch per pair id, as the mock's Ticker last answered. */
  touches: Map<string, Touch>;
  /** Reads the Ticker of every pair and gives the touch to every guard as its reference price. */
  refreshPrices(): Promise<void>;
  /** Feeds the exchange's pending order events to each trader's guard. */
  drain(trader?: Trader): void;
  /** Re-reads AssetPairs (status changes) into every guard. */
  refreshAssetPairs(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The mock exchange on a manual clock with one account per tier (ample balances, unlimited pool liquidity), an
 * unguarded client per account over the in-process transport, and a guard per account built from the mock's own
 * AssetPairs. Exchange order events are queued per account and fed to that account's guard by `drain()`.
 */
export async function differentialWorld(
  seed: string,
  tiers: readonly TierName[],
): Promise<DifferentialWorld> {
  const clock = new ManualClock();
  const keys = tiers.map((tier) => ({
    tier,
    accountId: `acct-${tier}`,
    apiKey: `diff-${tier}`,
    apiSecret: randomBytes(64).toString('base64'),
  }));
  const exchange = new MockExchange({
    seed,
    clock,
    tiers: MOCK_TIERS,
    accounts: keys.map((k) => ({
      id: k.accountId,
      tier: k.tier,
      apiKey: k.apiKey,
      apiSecret: k.apiSecret,
      balances: AMPLE_BALANCES,
    })),
  });
  const clients = keys.map((k) =>
    createClient({
      key: { name: k.accountId, apiKey: k.apiKey, apiSecret: k.apiSecret, permissions: [...ALL_PERMISSIONS] },
      tier: k.tier,
      transport: mockTransport(exchange),
      rateLimit: { limiter: sendAtOnce },
      retry: { attempts: 1, reconcileDelayMs: 0, baseDelayMs: 1 },
    }),
  );
  const first = clients[0];
  if (first === undefined) throw new Error('differentialWorld needs at least one tier');
  const assetPairs = await first.assetPairs();
  const now = () => clock.now();
  const traders: Trader[] = keys.map((k, i) => ({
    tier: k.tier,
    accountId: k.accountId,
    client: clients[i] as KrakenClient,
    guard: createGuard(
      { tier: k.tier, assetPairs, tierLimits: GUARD_TIER_LIMITS },
      { openPositions: {}, openOrders: { open: {} } },
      { clock: now },
    ),
    pending: [],
  }));
  const byAccount = new Map(traders.map((t) => [t.accountId, t]));
  exchange.on('order', (event) => byAccount.get(event.accountId)?.pending.push(event));
  const pairs = pairFacts(exchange, assetPairs);
  const touches = new Map<string, Touch>();
  const world: DifferentialWorld = {
    exchange,
    clock,
    traders,
    pairs,
    assetPairs,
    touches,
    async refreshPrices() {
      const ticker = await first.ticker({ pair: pairs.map((p) => p.altname).join(',') });
      for (const [id, entry] of Object.entries(ticker)) {
        const touch = { bid: new Decimal(entry.b[0]), ask: new Decimal(entry.a[0]) };
        touches.set(id, touch);
        for (const trader of traders)
          trader.guard.setReferencePrice(id, { bid: entry.b[0], ask: entry.a[0] });
      }
    },
    drain(only) {
      for (const trader of only === undefined ? traders : [only]) {
        const events = trader.pending.splice(0);
        for (const event of events) applyExchangeEvent(trader.guard, event);
      }
    },
    async refreshAssetPairs() {
      const fresh = await first.assetPairs();
      for (const trader of traders) trader.guard.updateAssetPairs(fresh);
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
  await world.refreshPrices();
  return world;
}

function pairFacts(exchange: MockExchange, assetPairs: AssetPairsResult): PairFacts[] {
  const table = exchange.ctx.allowances;
  return Object.entries(assetPairs).map(([id, raw]) => {
    const base = table.currencyOf(raw.base ?? id);
    const limit = (value: number | undefined) => (value === undefined ? undefined : new Decimal(value));
    return {
      id,
      altname: raw.altname ?? id,
      base,
      quote: table.currencyOf(raw.quote ?? id),
      baseIsFiat: table.entry(base, 'intermediate')?.fiat === true,
      lotDecimals: raw.lot_decimals ?? 8,
      tick: new Decimal(raw.tick_size ?? '0.00000001'),
      ordermin: new Decimal(raw.ordermin ?? '0'),
      costmin: new Decimal(raw.costmin ?? '0'),
      leverageBuy: raw.leverage_buy ?? [],
      leverageSell: raw.leverage_sell ?? [],
      longLimit: limit(raw.long_position_limit),
      shortLimit: limit(raw.short_position_limit),
    };
  });
}
