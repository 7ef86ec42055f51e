/**
 * REST side by side with CCXT's Kraken client, in one run, against a loopback Kraken stub in a child process
 * (support/kraken-stub.ts: verifies every signature, strict nonces per key like a Kraken key without nonce window):
 *
 * (a) signing cost per request: krakenkit `signRequest` on a ready body, and nonce + form encoding + signing (the
 *     scope of CCXT's `sign()`), vs CCXT kraken `sign()` vs the documented recipe inline with node:crypto; the
 *     official signing vector is checked on both libraries first;
 * (b) the whole order path, sequential: krakenkit `client.addOrder` vs CCXT `createOrder` vs a bare undici
 *     Pool.request + node:crypto caller (support/rest-contestants.ts), nonce checks off for these keys so a client
 *     whose nonces repeat is not timed on its error path;
 * (c) nonce rejections on strict keys: ORDERS_SEQUENTIAL back-to-back orders, then ORDERS_CONCURRENT at once.
 * (a) is in-memory; (b) and (c) go over loopback sockets (BENCH rows `kind: 'e2e'`; (b) runs on the e2e harness,
 * support/e2e/, with its range over rounds and the load); orders-e2e measures the order path with krakenkit's
 * limiter on. Rounds alternate contestants in rotating order; medians are reported (best alongside). Asserts nothing
 * about time; exits non-zero if a signature is rejected or the official vector does not match.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/rest-vs-ccxt.bench.ts
 */
import { createHash, createHmac } from 'node:crypto';
import { signRequest } from '@krakenkit/client';
import { createClockNonceSource } from '@krakenkit/client/nonce';
import { encodePrivateBody } from '@krakenkit/client/wire';
import ccxt from 'ccxt';
import {
  emitSpread,
  type InterleavedResult,
  loadRange,
  loadSamplesOf,
  pairedAdvantage,
  type RoundRecord,
  resultsOf,
  runInterleaved,
  type SequentialRun,
  spread,
  timeSequentialCalls,
} from './support/e2e/index.js';
import {
  advantage,
  alternate,
  best,
  emit,
  installedVersion,
  loadAverage,
  median,
  microsSince,
} from './support/report.js';
import {
  bareCaller,
  ccxtCaller,
  krakenkitCaller,
  type OrderCaller,
  type Outcome,
  SECRET,
} from './support/rest-contestants.js';
import { type StubProcess, startStubProcess } from './support/stub-process.js';

const BENCH = 'rest-vs-ccxt';
const SIGN_ITERATIONS = 10_000;
const SIGN_ROUNDS = 7;
const ORDERS_PER_ROUND = 300;
const ORDER_ROUNDS = 8;
const ORDERS_SEQUENTIAL = 200;
const ORDERS_CONCURRENT = 50;

/** Kraken's official REST signing example (docs/kraken/rest-authentication.md). */
const VECTOR = {
  path: '/0/private/AddOrder',
  nonce: 1616492376594,
  params: { ordertype: 'limit', pair: 'XBTUSD', price: '37500', type: 'buy', volume: '1.25' },
  body: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
  sign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
};

const PREFIXES = ['latency', 'strict-seq', 'strict-conc'] as const;
const CONTESTANTS = ['krakenkit', 'ccxt', 'bare'] as const;
type Contestant = (typeof CONTESTANTS)[number];
const keyName = (prefix: (typeof PREFIXES)[number], who: Contestant) => `${prefix}-${who}`;

function checkVector(exchange: InstanceType<typeof ccxt.kraken>): boolean {
  const ours = signRequest(SECRET, VECTOR.path, String(VECTOR.nonce), VECTOR.body);
  exchange.nonce = () => VECTOR.nonce;
  const theirs = exchange.sign('AddOrder', 'private', 'POST', { ...VECTOR.params }) as {
    body: string;
    headers: Record<string, string>;
  };
  const ok =
    ours === VECTOR.sign && theirs.headers['API-Sign'] === VECTOR.sign && theirs.body === VECTOR.body;
  console.log(
    `official signing vector: krakenkit ${ours === VECTOR.sign ? 'matches' : 'DIFFERS'}, CCXT ${theirs.headers['API-Sign'] === VECTOR.sign ? 'matches' : 'DIFFERS'}`,
  );
  return ok;
}

/** Runs `sign` SIGN_ITERATIONS times with fresh nonces; returns µs per signature. */
function timeSigning(sign: (nonce: number) => string): number {
  let sink = 0;
  const first = Date.now() * 1000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < SIGN_ITERATIONS; i += 1) sink += sign(first + i).length;
  const micros = microsSince(start);
  if (sink === 0) console.log('unreachable');
  return micros / SIGN_ITERATIONS;
}

async function signing(): Promise<void> {
  const exchange = new ccxt.kraken({ apiKey: 'bench', secret: SECRET });
  if (!checkVector(exchange)) process.exitCode = 1;
  exchange.nonce = () => Date.now(); // CCXT's own nonce() is milliseconds too; this only undoes the vector's
  const rest = '&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
  const key = Buffer.from(SECRET, 'base64');
  const nonces = createClockNonceSource();
  const rows = {
    'krakenkit signRequest, body ready': () =>
      timeSigning((n) => signRequest(SECRET, VECTOR.path, String(n), `nonce=${n}${rest}`)),
    'krakenkit nonce + encode + sign (CCXT sign() scope)': () =>
      timeSigning(() => {
        const nonce = nonces.next();
        return signRequest(SECRET, VECTOR.path, nonce, encodePrivateBody('form', nonce, VECTOR.params));
      }),
    'ccxt kraken sign()': () =>
      timeSigning(
        () => (exchange.sign('AddOrder', 'private', 'POST', { ...VECTOR.params }) as { body: string }).body,
      ),
    'bare node:crypto recipe, body ready': () =>
      timeSigning((n) => {
        const inner = createHash('sha256').update(`${n}nonce=${n}${rest}`).digest();
        return createHmac('sha512', key).update(VECTOR.path).update(inner).digest('base64');
      }),
  };
  await alternate(rows, 1); // warm-up
  const samples = await alternate(rows, SIGN_ROUNDS);
  const figure = (name: keyof typeof rows) => median(samples[name]);
  console.log(`\n(a) signing, ${SIGN_ROUNDS} rounds × ${SIGN_ITERATIONS.toLocaleString('en-US')} signatures`);
  for (const name of Object.keys(rows) as Array<keyof typeof rows>) {
    console.log(
      `  ${name.padEnd(54)} median ${figure(name).toFixed(2).padStart(7)} µs  best ${best(samples[name], 'lower').toFixed(2).padStart(7)} µs`,
    );
  }
  reportSigning({
    scoped: figure('krakenkit nonce + encode + sign (CCXT sign() scope)'),
    ccxtSign: figure('ccxt kraken sign()'),
    ready: figure('krakenkit signRequest, body ready'),
    bare: figure('bare node:crypto recipe, body ready'),
  });
}

function reportSigning(micros: { scoped: number; ccxtSign: number; ready: number; bare: number }): void {
  const { scoped, ccxtSign, ready, bare } = micros;
  const vsCcxt = advantage(scoped, ccxtSign, 'lower');
  const vsBare = advantage(ready, bare, 'lower');
  console.log(`  krakenkit vs CCXT (same scope): ${vsCcxt}x faster; signRequest vs bare recipe: ${vsBare}x`);
  const unit = 'µs/request';
  emit({
    bench: BENCH,
    metric: '(a) krakenkit nonce + encode + sign',
    value: round2(scoped),
    unit,
    vs: 'ccxt sign()',
    ratio: vsCcxt,
  });
  emit({ bench: BENCH, metric: '(a) ccxt kraken sign()', value: round2(ccxtSign), unit });
  emit({
    bench: BENCH,
    metric: '(a) krakenkit signRequest, body ready',
    value: round2(ready),
    unit,
    vs: 'bare node:crypto',
    ratio: vsBare,
  });
  emit({ bench: BENCH, metric: '(a) bare node:crypto recipe, body ready', value: round2(bare), unit });
}

const round2 = (value: number) => Math.round(value * 100) / 100;

async function callers(
  stub: StubProcess,
  prefix: (typeof PREFIXES)[number],
): Promise<Record<Contestant, OrderCaller>> {
  return {
    krakenkit: krakenkitCaller(stub.origin, keyName(prefix, 'krakenkit')),
    ccxt: await ccxtCaller(stub.origin, keyName(prefix, 'ccxt')),
    bare: bareCaller(stub.origin, keyName(prefix, 'bare')),
  };
}

type OrderRounds = Array<RoundRecord<InterleavedResult<Contestant, SequentialRun>>>;
type OrderFigure = 'wall' | 'cpu';

/** One contestant's µs per order in every round: wall (latency as the caller sees it) or this process's CPU. */
function perOrder(records: OrderRounds, name: Contestant, figure: OrderFigure): number[] {
  return resultsOf(records, name).map((run) =>
    figure === 'wall' ? run.wallMicros / run.latencies.length : run.cpuMicrosPerCall,
  );
}

async function orderPath(stub: StubProcess): Promise<void> {
  const who = await callers(stub, 'latency');
  const contestants = Object.fromEntries(
    CONTESTANTS.map((name) => [
      name,
      () => timeSequentialCalls(ORDERS_PER_ROUND, async () => (await who[name].placeOrder()) === 'ok'),
    ]),
  ) as Record<Contestant, () => Promise<SequentialRun>>;
  const records = await runInterleaved(contestants, { rounds: ORDER_ROUNDS });
  const load = loadRange(loadSamplesOf(records));
  console.log(
    `\n(b) whole order path, sequential, ${ORDER_ROUNDS} rounds × ${ORDERS_PER_ROUND} orders (nonce checks off; load ${load}); ` +
      'wall = latency as the caller sees it, CPU = this process only (the stub runs in its own process)',
  );
  for (const name of CONTESTANTS) {
    const wall = spread(perOrder(records, name, 'wall'));
    const cpu = spread(perOrder(records, name, 'cpu'));
    const failures = resultsOf(records, name).reduce((sum, run) => sum + run.failures, 0);
    console.log(
      `  ${who[name].name.padEnd(40)} wall median ${wall.median.toFixed(1).padStart(6)} µs/order (best ${wall.min.toFixed(1)})  ` +
        `CPU median ${cpu.median.toFixed(1).padStart(6)} µs/order  failed ${failures}`,
    );
    if (failures > 0) console.log(`    first failure: ${describe(who[name].firstOther)}`);
  }
  for (const figure of ['wall', 'cpu'] as const) reportOrderFigures(figure, records, load);
  await Promise.all(CONTESTANTS.map((name) => who[name].close()));
}

function reportOrderFigures(figure: OrderFigure, records: OrderRounds, load: string): void {
  const values = (name: Contestant) => perOrder(records, name, figure);
  const vsCcxt = pairedAdvantage(values('krakenkit'), values('ccxt'), 'lower').ofMedians;
  const cost = (spread(values('krakenkit')).median / spread(values('bare')).median).toFixed(2);
  const label = figure === 'wall' ? 'wall' : 'client CPU';
  console.log(
    `  ${label}: krakenkit ${vsCcxt.toFixed(2)}x better than CCXT; krakenkit costs ${cost}x the bare caller`,
  );
  const row = (name: Contestant, who: string) => ({
    bench: BENCH,
    metric: `(b) order path ${label}: ${who}`,
    unit: figure === 'wall' ? 'µs/request' : 'CPU µs/request',
    spread: spread(values(name)),
    rounds: records.length,
    load,
  });
  emitSpread({
    ...row('krakenkit', 'krakenkit client.addOrder'),
    vs: 'ccxt createOrder',
    ratio: vsCcxt,
    note: `cost ${cost}x of bare undici; limiter bypassed (orders-e2e: every safety on)`,
  });
  emitSpread(row('ccxt', 'ccxt kraken.createOrder'));
  emitSpread(row('bare', 'bare undici Pool + node:crypto'));
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 160)}`;
  return JSON.stringify(error)?.slice(0, 160) ?? String(error);
}

interface Rejections {
  rejected: number;
  other: number;
  ms: number;
}

async function burst(caller: OrderCaller, mode: 'sequential' | 'concurrent'): Promise<Rejections> {
  const start = process.hrtime.bigint();
  let outcomes: Outcome[] = [];
  if (mode === 'sequential')
    for (let i = 0; i < ORDERS_SEQUENTIAL; i += 1) outcomes.push(await caller.placeOrder());
  else outcomes = await Promise.all(Array.from({ length: ORDERS_CONCURRENT }, () => caller.placeOrder()));
  const ms = microsSince(start) / 1e3;
  const count = (kind: Outcome) => outcomes.filter((outcome) => outcome === kind).length;
  return { rejected: count('invalid-nonce'), other: count('other'), ms };
}

async function nonceRejections(stub: StubProcess): Promise<void> {
  console.log(`\n(c) nonce rejections on strict keys (Kraken's default: no nonce window)`);
  for (const [mode, prefix, total] of [
    ['sequential', 'strict-seq', ORDERS_SEQUENTIAL],
    ['concurrent', 'strict-conc', ORDERS_CONCURRENT],
  ] as const) {
    const who = await callers(stub, prefix);
    for (const name of CONTESTANTS) {
      const result = await burst(who[name], mode);
      const pct = (100 * result.rejected) / total;
      console.log(
        `  ${`${total} ${mode}`.padEnd(15)} ${who[name].name.padEnd(40)} ${String(result.rejected).padStart(3)} rejected (${pct.toFixed(1)}%), other errors ${result.other}, ${result.ms.toFixed(1)} ms`,
      );
      emit({
        bench: BENCH,
        metric: `(c) ${total} ${mode} orders: ${name} nonce rejections`,
        value: round2(pct),
        unit: '%',
        note: `${result.ms.toFixed(1)} ms for the batch`,
        kind: 'e2e',
      });
    }
    await Promise.all(CONTESTANTS.map((name) => who[name].close()));
  }
}

const keys = PREFIXES.flatMap((prefix) =>
  CONTESTANTS.map((who) => ({
    apiKey: keyName(prefix, who),
    apiSecret: SECRET,
    strictNonce: prefix !== 'latency',
  })),
);
console.log(
  `REST side by side with CCXT ${installedVersion('ccxt')} (Node ${process.version}, ${loadAverage()})`,
);
await signing();
const stub = await startStubProcess(keys);
try {
  await orderPath(stub);
  await nonceRejections(stub);
  const stats = await stub.stats();
  const badSignatures = Object.values(stats).reduce((sum, entry) => sum + entry.invalidSignature, 0);
  console.log(
    `\nstub: ${Object.values(stats).reduce((sum, entry) => sum + entry.accepted, 0)} requests accepted, ${badSignatures} invalid signatures`,
  );
  if (badSignatures > 0) process.exitCode = 1;
} finally {
  await stub.close();
}
