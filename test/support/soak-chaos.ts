/**
 * The chaos soak: the guarded bot (soak-bot.ts) against the loopback mock exchange over real HTTP (the client's
 * default undici Pool transport), with faults on about 10% of calls. Time is warped: the exchange, the client's
 * limiter and the guard share a clock running `warp` times faster than real time, so Kraken's real REST and
 * matching-engine budgets apply while the run takes seconds.
 */
import { randomBytes } from 'node:crypto';
import { createClient, type KrakenClient } from '@krakenkit/client';
import { createGuard, type Guard, guardClient } from '@krakenkit/guard';
import { type FaultRule, type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { auditExchange, type ChaosAudit } from './soak-audit.js';
import { type BotStats, type PairPlan, SoakBot, strategyRandom } from './soak-bot.js';
import { type SoakTime, warpedTime } from './soak-time.js';

export interface ChaosSoakOptions {
  /** Orders to send past the guard. */
  orders: number;
  seed?: string;
  /** Exchange seconds per real second (default 200). */
  warp?: number;
  /** Pairs traded concurrently (1–3). */
  pairs?: number;
}

export interface ChaosReport {
  orders: number;
  calls: number;
  faults: Record<string, number>;
  faultRate: number;
  bot: BotStats;
  audit: ChaosAudit;
  /** Rate-limit errors the exchange answered (should be 0). */
  rateLimitErrors: number;
  /** Every error string the exchange answered, with counts. */
  exchangeErrors: Record<string, number>;
  unhandledRejections: number;
  internalErrors: number;
  realMs: number;
  exchangeMs: number;
}

/** About 10% of calls, by kind; latency is a small real-time delay. Each rule draws independently. */
export const CHAOS_FAULTS: readonly FaultRule[] = [
  { kind: 'lost-response', probability: 0.025 },
  { kind: 'connection-reset', probability: 0.02 },
  { kind: 'http-5xx', probability: 0.015, status: 502 },
  { kind: 'service-busy', probability: 0.015 },
  { kind: 'service-unavailable', probability: 0.01 },
  { kind: 'latency', probability: 0.02, latencyMs: 3 },
];

const PLANS: readonly PairPlan[] = [
  { pair: 'XBTUSD', priceDecimals: 1, volume: ['0.0005', '0.003'], margin: 'buy' },
  { pair: 'ETHUSD', priceDecimals: 2, volume: ['0.01', '0.05'], margin: 'sell' },
  { pair: 'SOLUSD', priceDecimals: 2, volume: ['0.2', '2'] },
];

const PERMISSIONS = [
  'funds_query',
  'trades_query_open',
  'trades_query_closed',
  'trades_modify',
  'trades_close',
] as const;

/** Runs the soak and returns every figure the assertions need; never throws for what the bot met. */
export async function runChaosSoak(options: ChaosSoakOptions): Promise<ChaosReport> {
  const seed = options.seed ?? 'chaos-soak';
  const time = warpedTime(options.warp ?? 200);
  const key = {
    apiKey: `chaos-${randomBytes(6).toString('hex')}`,
    apiSecret: randomBytes(64).toString('base64'),
  };
  const running = await startMockExchange({
    seed,
    clock: { now: time.now },
    accounts: [
      {
        id: 'soak',
        tier: 'pro',
        ...key,
        balances: { ZUSD: '100000000', XXBT: '5000', XETH: '50000', SOL: '5000000' },
      },
    ],
  });
  let rejections = 0;
  const onRejection = () => {
    rejections += 1;
  };
  process.on('unhandledRejection', onRejection);
  const client = createClient({
    baseUrl: running.url,
    key: { name: 'chaos-soak', ...key, permissions: [...PERMISSIONS] },
    tier: 'pro',
    timers: { now: time.now, sleep: time.sleep },
    retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000, reconcileDelayMs: 500 },
  });
  const started = performance.now();
  const startedAt = time.now();
  try {
    const guard = await buildGuard(client, time);
    const calls = countFaults(running);
    for (const rule of CHAOS_FAULTS) running.exchange.faults.add(rule);
    const bot = new SoakBot(guardClient(client, guard), guard, time, strategyRandom(hash(seed)));
    await trade(bot, options);
    const audit = await finish(bot, guard, running);
    running.exchange.faults.clear();
    const errors = [...calls.errors.entries()];
    return {
      orders: bot.stats.ordersSent,
      calls: calls.total,
      faults: Object.fromEntries(calls.faults),
      faultRate: [...calls.faults.values()].reduce((a, b) => a + b, 0) / Math.max(1, calls.total),
      bot: bot.stats,
      audit,
      exchangeErrors: Object.fromEntries(errors),
      rateLimitErrors: errors.filter(([e]) => e.includes('Rate limit')).reduce((a, [, n]) => a + n, 0),
      unhandledRejections: rejections,
      internalErrors: running.exchange.internalErrors.length,
      realMs: Math.round(performance.now() - started),
      exchangeMs: time.now() - startedAt,
    };
  } finally {
    process.off('unhandledRejection', onRejection);
    await client.close();
    await running.close();
  }
}

/** The guard, seeded from the exchange's AssetPairs (fetched before any fault is armed). */
async function buildGuard(client: KrakenClient, time: SoakTime): Promise<Guard> {
  const assetPairs = await client.assetPairs();
  return createGuard(
    {
      tier: 'pro',
      assetPairs: assetPairs as never,
      sanity: { priceBandBps: 1000, referencePriceMaxAgeMs: 120_000 },
    },
    // A fresh paper account: no open orders, no positions (what OpenOrders and OpenPositions would answer).
    { openOrders: { open: {} }, openPositions: {} },
    { clock: time.now },
  );
}

/** One worker per pair until the order budget is spent. */
async function trade(bot: SoakBot, options: ChaosSoakOptions): Promise<void> {
  const plans = PLANS.slice(0, Math.max(1, Math.min(PLANS.length, options.pairs ?? PLANS.length)));
  const budget = () => bot.stats.ordersSent < options.orders;
  await Promise.all(plans.map((plan) => bot.runPair(plan, budget)));
}

/** Every pending order looked up, then a last sync; returns the audit against the exchange's own records. */
async function finish(bot: SoakBot, guard: Guard, running: RunningMockExchange): Promise<ChaosAudit> {
  for (let round = 0; bot.pendingCount() > 0 && round < 50; round++) await bot.resolvePending();
  const inFlightBefore = guard.snapshot().inFlight;
  let report = await bot.sync();
  for (let round = 0; report === undefined && round < 20; round++) report = await bot.sync();
  return auditExchange(running, bot, guard, { inFlightBefore, keptInFlight: report?.keptInFlight });
}

interface CallCounts {
  total: number;
  faults: Map<string, number>;
  errors: Map<string, number>;
}

/** Counts every request the exchange sees, the faults it draws, and the error strings it answers. */
function countFaults(running: RunningMockExchange): CallCounts {
  const counts: CallCounts = { total: 0, faults: new Map(), errors: new Map() };
  const { exchange } = running;
  const decide = exchange.faults.decide.bind(exchange.faults);
  exchange.faults.decide = (endpoint) => {
    counts.total += 1;
    const decision = decide(endpoint);
    const kind = decision.terminal?.kind ?? (decision.loseResponse ? 'lost-response' : undefined);
    if (kind !== undefined) bump(counts.faults, `${kind}`);
    if (decision.latencyMs > 0) bump(counts.faults, 'latency');
    return decision;
  };
  const handle = exchange.handle.bind(exchange);
  exchange.handle = (request) => {
    const response = handle(request);
    for (const error of errorsOf(response.body)) bump(counts.errors, error);
    return response;
  };
  return counts;
}

function errorsOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return Array.isArray(parsed.error) ? parsed.error.map(String) : [];
  } catch {
    return [];
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
