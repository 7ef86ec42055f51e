/**
 * check() latency with 10, 1,000 and 100,000 open positions (goal: p99 < 20 µs). The guard reads per-pool and
 * per-pair aggregates, so the figures should not grow with the number of positions. Prints figures; asserts
 * nothing. Run: npx tsx --conditions=@krakenkit/source packages/guard/bench/check.bench.ts
 */
import { createGuard, type Guard } from '../src/guard.js';
import type { GuardIntent } from '../src/intent.js';
import type { OpenPositionRaw } from '../src/state/exchange-raw.js';
import { ASSET_PAIRS } from '../test/support/asset-pairs.js';

// The test fixtures' AssetPairs entries (raw Kraken shape); four pairs share the positions.
const PAIR_IDS = ['XXBTZUSD', 'ATOMUSD', 'XXBTZEUR', 'XETHXXBT'];

function guardWith(positions: number): Guard {
  const openPositions: Record<string, OpenPositionRaw> = {};
  for (let index = 0; index < positions; index += 1) {
    const id = PAIR_IDS[index % PAIR_IDS.length] ?? 'XXBTZUSD';
    openPositions[`TPOS-${index}`] = {
      pair: id,
      type: 'buy',
      cost: '5',
      vol: '0.0001',
      time: index,
    };
  }
  const guard = createGuard(
    {
      tier: 'pro',
      assetPairs: ASSET_PAIRS,
      allowances: {
        USD: { allowance: '1000000000', fiat: true },
        EUR: { allowance: '1000000000', fiat: true },
      },
      sanity: {
        priceBandBps: 500,
        maxOrderNotional: { USD: '10000000' },
        maxPairNotional: { USD: '1000000000' },
      },
    },
    {
      openPositions,
      openOrders: { open: {} },
      referencePrices: { XBTUSD: '50000', ATOMUSD: '8', XBTEUR: '46000', ETHXBT: '0.06' },
    },
  );
  return guard;
}

const INTENTS: GuardIntent[] = [
  { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.5', price: '50010.5', leverage: '5' },
  { pair: 'ATOMUSD', side: 'buy', orderType: 'limit', volume: '20', price: '8.0012', leverage: '3' },
  { pair: 'XBT/EUR', side: 'buy', orderType: 'market', volume: '0.25', leverage: '2' },
  { pair: 'ETHXBT', side: 'buy', orderType: 'limit', volume: '1', price: '0.06', leverage: '2' },
  { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.00001', price: '90000.05' }, // refused: 3 violations
];

function measure(guard: Guard, iterations: number): number[] {
  const samples = new Array<number>(iterations);
  for (let index = 0; index < iterations; index += 1) {
    const intent = INTENTS[index % INTENTS.length] as GuardIntent;
    const start = process.hrtime.bigint();
    guard.check(intent);
    samples[index] = Number(process.hrtime.bigint() - start);
  }
  return samples;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const micros = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

console.log('guard.check() latency (one intent per call, 5-intent mix incl. a refused one)');
const mix = guardWith(10);
console.log(
  `mix: ${INTENTS.map((intent) => {
    const decision = mix.check(intent);
    return decision.allowed ? 'allowed' : `refused(${decision.violations.map((v) => v.code).join(' + ')})`;
  }).join(', ')}`,
);
for (const positions of [10, 1_000, 100_000]) {
  const seedStart = process.hrtime.bigint();
  const guard = guardWith(positions);
  const seedMs = Number(process.hrtime.bigint() - seedStart) / 1e6;
  if (guard.positions().length !== positions) throw new Error('seeding lost positions');
  measure(guard, 50_000); // warm-up: JIT and caches
  const samples = measure(guard, 200_000).sort((a, b) => a - b);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  console.log(
    `${String(positions).padStart(7)} positions: p50 ${micros(percentile(samples, 50))}  p99 ${micros(percentile(samples, 99))}  ` +
      `p99.9 ${micros(percentile(samples, 99.9))}  mean ${micros(mean)}  (seeded in ${seedMs.toFixed(0)} ms)`,
  );
  // Machine line for the combined `pnpm bench` table (scripts/run-bench.mjs).
  const p99 = Number((percentile(samples, 99) / 1000).toFixed(2));
  const note = `p50 ${micros(percentile(samples, 50))}; goal p99 < 20 µs`;
  const line = {
    bench: 'guard/check',
    metric: `check() p99, ${positions} positions`,
    value: p99,
    unit: 'µs',
  };
  console.log(`BENCH ${JSON.stringify({ ...line, note })}`);
}
