/**
 * Sequential AddOrder end to end (issue #14): real signed orders (no `validate`) over loopback sockets to the Kraken
 * stub in a child process (support/kraken-stub.ts: checks every key, API-Sign and nonce), side by side in one run:
 *
 * - krakenkit `createClient(...).addOrder(...)` through the package entry with every safety a user runs with: its
 *   default undici Pool transport, one validation, the permission check, a cl_ord_id per order, the key's ordered
 *   nonce lane, and Kraken's own limiter (`createRateLimiter`, tier pro) charging every order, its matching-engine
 *   threshold raised out of reach so the budget never holds back thousands of back-to-back orders;
 * - a bare caller: undici `Pool.request` + node:crypto + JSON.parse, counter nonce, a cl_ord_id per order;
 * - CCXT `kraken.createOrder` as shipped (markets loaded from the stub first). Its millisecond nonces repeat at
 *   loopback speed, so its key has nonce checks off (rest-vs-ccxt (c) counts those rejections); krakenkit's and the
 *   bare caller's keys are strict.
 *
 * One warm-up round, then ROUNDS interleaved rounds (order rotated per round) of ORDERS orders per contestant; per
 * round: mean, p50, p99 of each order's latency as the caller sees it, and this process's CPU per order; summary:
 * min / median / max over rounds and krakenkit / bare per round (the issue's target: ≤ 1.10x mean and p50, p99 within
 * 1.5x), with the load at the start and end of every round, and each target's verdict from the sign-test interval of
 * the median ratio (support/e2e/target.ts `judgeTarget`): met when the whole interval is at or under it, missed
 * when all of it is over, undecided when it spans it (this host's speed moves within a run; many short rounds give
 * a narrower interval than a few long ones). Asserts nothing about time; exits non-zero when an order of krakenkit
 * or the bare caller fails or any signature is rejected.
 *
 * Settings (environment): BENCH_ROUNDS (default 61), BENCH_ORDERS per contestant per round (default 1000);
 * ORDERS_E2E_PROFILE=<dir> adds one krakenkit-only and one bare-only round under the CPU profiler after the timed
 * rounds, writes their `.cpuprofile` files there and prints self time by area, file and function.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/orders-e2e.bench.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRateLimiter } from '@krakenkit/client/rate-limit';
import {
  describeMachine,
  emitSpread,
  formatInterval,
  formatLoad,
  formatProfileSummary,
  formatSpread,
  type InterleavedResult,
  judgeTarget,
  latencyStats,
  loadRange,
  loadSamplesOf,
  medianInterval,
  pairedRatios,
  printColumns,
  profiled,
  type RoundRecord,
  runInterleaved,
  type SequentialRun,
  type Spread,
  spread,
  startStubProcess,
  summarizeProfile,
  timeSequentialCalls,
} from './support/e2e/index.js';
import { installedVersion } from './support/report.js';
import {
  bareCaller,
  ccxtCaller,
  krakenkitCaller,
  type OrderCaller,
  SECRET,
} from './support/rest-contestants.js';

const BENCH = 'orders-e2e';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 61);
const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 1000);
const PROFILE_DIR = process.env['ORDERS_E2E_PROFILE'];
const TARGET = { mean: 1.1, p50: 1.1, p99: 1.5 } as const;

const CONTESTANTS = ['krakenkit', 'bare', 'ccxt'] as const;
type Contestant = (typeof CONTESTANTS)[number];
const LABEL: Record<Contestant, string> = {
  krakenkit: 'krakenkit client.addOrder',
  bare: 'bare undici Pool.request + node:crypto',
  ccxt: 'ccxt kraken.createOrder',
};
const keyOf = (who: Contestant) => `orders-e2e-${who}`;

type Figure = 'mean' | 'p50' | 'p99' | 'cpu';
type Rounds = Array<RoundRecord<InterleavedResult<Contestant, SequentialRun>>>;

/** One contestant's figure in every round (µs). */
function perRound(records: Rounds, who: Contestant, figure: Figure): number[] {
  return records.map(({ result }) => {
    const run = result.results[who];
    return figure === 'cpu' ? run.cpuMicrosPerCall : latencyStats(run.latencies)[figure];
  });
}

function printRound(record: RoundRecord<InterleavedResult<Contestant, SequentialRun>>): void {
  const { round, loadStart, loadEnd, result } = record;
  const cells = result.order.map((who) => {
    const stats = latencyStats(result.results[who].latencies);
    return `${who} ${stats.mean.toFixed(0)}/${stats.p50.toFixed(0)}/${stats.p99.toFixed(0)}`;
  });
  console.log(
    `  round ${round + 1}: ${cells.join(', ')} µs mean/p50/p99; load ${formatLoad(loadStart)} → ${formatLoad(loadEnd)}`,
  );
}

function summarize(records: Rounds): void {
  const load = loadRange(loadSamplesOf(records));
  const figures: Figure[] = ['mean', 'p50', 'p99', 'cpu'];
  console.log(`\nmin / median / max over ${records.length} rounds (µs per order; load ${load}):`);
  printColumns(
    ['contestant', 'mean', 'p50', 'p99', 'client CPU', 'failed'],
    CONTESTANTS.map((who) => [
      LABEL[who],
      ...figures.map((figure) => formatSpread(spread(perRound(records, who, figure)))),
      String(records.reduce((sum, { result }) => sum + result.results[who].failures, 0)),
    ]),
  );
  console.log('\nper-round ratios to the bare caller (cost: lower is better):');
  const ratios = (who: Contestant, figure: Figure) =>
    spread(pairedRatios(perRound(records, who, figure), perRound(records, 'bare', figure)));
  printColumns(
    ['contestant / bare', 'mean', 'p50', 'p99', 'client CPU'],
    (['krakenkit', 'ccxt'] as const).map((who) => [
      who,
      ...figures.map((figure) => `${formatSpread(ratios(who, figure), 2)}x`),
    ]),
  );
  for (const figure of ['mean', 'p50', 'p99'] as const) {
    const paired = pairedRatios(perRound(records, 'krakenkit', figure), perRound(records, 'bare', figure));
    console.log(`  krakenkit ${figure} / bare: ${judgeTarget(paired, TARGET[figure], 'at-most').text}`);
  }
  for (const figure of figures) emitFigure(records, figure, load, ratios);
}

function emitFigure(
  records: Rounds,
  figure: Figure,
  load: string,
  ratios: (who: Contestant, figure: Figure) => Spread,
): void {
  const title = figure === 'cpu' ? 'client CPU' : figure;
  const unit = figure === 'cpu' ? 'CPU µs/order' : 'µs/order';
  for (const who of CONTESTANTS) {
    const values = spread(perRound(records, who, figure));
    const cost = who === 'bare' ? undefined : ratios(who, figure);
    const paired = pairedRatios(perRound(records, who, figure), perRound(records, 'bare', figure));
    const intervalNote = `; ${formatInterval(medianInterval(paired))}`;
    emitSpread({
      bench: BENCH,
      metric: `sequential AddOrder ${title}: ${LABEL[who]}`,
      unit,
      spread: values,
      rounds: records.length,
      load,
      ...(cost === undefined
        ? {}
        : {
            vs: 'bare',
            ratio: 1 / cost.median, // of the per-round pairs, which load moves less than either side
            note: `cost ${formatSpread(cost, 2)}x of bare per round${intervalNote}${who === 'krakenkit' && figure !== 'cpu' ? `; target ≤ ${TARGET[figure].toFixed(2)}x` : ''}`,
          }),
    });
  }
}

/** One krakenkit-only and one bare-only round under the profiler; writes the profiles and prints their summaries. */
async function profileRounds(who: Record<Contestant, OrderCaller>, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const name of ['krakenkit', 'bare'] as const) {
    const { result, profile } = await profiled(() =>
      timeSequentialCalls(ORDERS, async () => (await who[name].placeOrder()) === 'ok'),
    );
    const file = join(dir, `${BENCH}-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const stats = latencyStats(result.latencies);
    console.log(
      `\nCPU profile, ${name}-only round of ${ORDERS} orders (mean ${stats.mean.toFixed(0)} µs, CPU ${result.cpuMicrosPerCall.toFixed(1)} µs/order under the profiler): ${file}`,
    );
    for (const line of formatProfileSummary(summarizeProfile(profile), 25, ORDERS)) console.log(`  ${line}`);
  }
}

console.log(
  `${BENCH}: sequential AddOrder through loopback sockets, stub in a child process, CCXT ${installedVersion('ccxt')}; ${ROUNDS} rounds × ${ORDERS} orders per contestant; ${describeMachine()}`,
);
const stub = await startStubProcess(
  CONTESTANTS.map((who) => ({ apiKey: keyOf(who), apiSecret: SECRET, strictNonce: who !== 'ccxt' })),
);
try {
  const limiter = createRateLimiter({ tier: 'pro', limits: { trading: { threshold: 1e12 } } });
  const who: Record<Contestant, OrderCaller> = {
    krakenkit: krakenkitCaller(stub.origin, keyOf('krakenkit'), limiter),
    bare: bareCaller(stub.origin, keyOf('bare')),
    ccxt: await ccxtCaller(stub.origin, keyOf('ccxt')),
  };
  const contestants = Object.fromEntries(
    CONTESTANTS.map((name) => [
      name,
      () => timeSequentialCalls(ORDERS, async () => (await who[name].placeOrder()) === 'ok'),
    ]),
  ) as Record<Contestant, () => Promise<SequentialRun>>;
  console.log('(each round: mean/p50/p99 µs per order, in the order they ran)');
  const records = await runInterleaved(contestants, { rounds: ROUNDS, warmupRounds: 1, onRound: printRound });
  summarize(records);
  if (PROFILE_DIR !== undefined) await profileRounds(who, PROFILE_DIR);
  for (const name of CONTESTANTS) {
    if (who[name].firstOther !== undefined)
      console.log(`  ${name}: first failure ${String(who[name].firstOther)}`);
  }
  const stats = await stub.stats();
  const line = (name: Contestant) => {
    const entry = stats[keyOf(name)];
    return `${name} ${entry?.accepted ?? 0} accepted, ${entry?.invalidNonce ?? 0} invalid nonces, ${entry?.invalidSignature ?? 0} invalid signatures`;
  };
  console.log(`\nstub: ${CONTESTANTS.map(line).join('; ')}`);
  const broken = (['krakenkit', 'bare'] as const).some((name) => {
    const entry = stats[keyOf(name)];
    return who[name].firstOther !== undefined || (entry?.invalidNonce ?? 0) > 0;
  });
  const badSignatures = Object.values(stats).reduce((sum, entry) => sum + entry.invalidSignature, 0);
  if (broken || badSignatures > 0) process.exitCode = 1;
  await Promise.all(CONTESTANTS.map((name) => who[name].close()));
} finally {
  await stub.close();
}
