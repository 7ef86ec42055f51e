/**
 * The mock exchange's throughput end to end, against a minimal peer stub, each server in its own process and the
 * load from this one, over real loopback sockets (issue #14): signed `POST /0/private/Balance` with increasing
 * nonces, one key per connection, with 1 connection (one call in flight) and 16 connections. The load is driven by
 * prepared HTTP/1.1 bytes over node:net (support/mock-e2e/raw-load.ts, as wrk or autocannon do): undici spends about
 * as much CPU per call as the server it calls, so on a 2-core machine it, not the server, sets the pace at 16
 * connections and any two servers show the same req/s; MOCK_E2E_DRIVER=undici drives the load over undici instead.
 *
 * - mock exchange: `startMockExchange` from the package entry (support/mock-e2e/server-process.ts), every check on:
 *   key, signature, nonce, IP allowlist, permission, REST counter (too large to refuse, still charged), body
 *   bound, fault hooks;
 * - peer stub: a bare node:http server checking key, signature and nonce, answering a fixed envelope
 *   (support/mock-e2e/peer-stub.ts).
 *
 * Per scenario, contestants take turns in rotating order over interleaved rounds after one warm-up run each (the e2e
 * harness, support/e2e/); prints min/median/max req/s per contestant and each server's CPU time per call (user +
 * system, read from the server process: the cost that sets its throughput once it has a core to itself, and far
 * steadier than req/s on a shared machine), the mock-to-peer ratios (of medians, and their range over paired
 * rounds), the issue's target (≥ 1.0x the peer stub's throughput) judged from the sign-test interval of the median
 * paired ratio (many short rounds: this host's speed moves within a run, and a few long rounds swing 0.7 – 1.4x),
 * the load over each scenario's rounds and at the end, and `BENCH {...}` lines. Asserts nothing about time; exits
 * non-zero when any call was not answered with a success envelope.
 *
 * Settings (environment): BENCH_ROUNDS (default 21), BENCH_MS per timed run (default 1000), BENCH_WARMUP_MS (1000);
 * MOCK_E2E_BASELINE=<path to another copy's src/index.ts> adds that build as a third contestant (before/after in
 * one run); MOCK_E2E_PROFILE=<dir> runs every server process under `--cpu-prof` into that directory;
 * MOCK_E2E_CONNECTIONS=1,16 the connection counts to run (1 to 16 each); MOCK_E2E_DRIVER=raw (default) or undici.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/mock-throughput-e2e.bench.ts
 */
import {
  describeLoad,
  describeMachine,
  type InterleavedResult,
  loadRange,
  loadSamplesOf,
  type RoundRecord,
  resultsOf,
  runInterleaved,
} from './support/e2e/index.js';
import { KeySigner, makeKeys } from './support/mock-e2e/keys.js';
import { runLoad } from './support/mock-e2e/load.js';
import { runRawLoad } from './support/mock-e2e/raw-load.js';
import { type ServerProcess, startServerProcess } from './support/mock-e2e/server-process.js';
import { BENCH, reportScenario } from './support/mock-e2e/summary.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const RUN_MS = Number(process.env['BENCH_MS'] ?? 1000);
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 1000);
const BASELINE = process.env['MOCK_E2E_BASELINE'];
const DRIVER = process.env['MOCK_E2E_DRIVER'] ?? 'raw';
if (DRIVER !== 'raw' && DRIVER !== 'undici') {
  throw new Error(`MOCK_E2E_DRIVER: ${DRIVER} is not a load driver (raw or undici)`);
}
const drive = DRIVER === 'raw' ? runRawLoad : runLoad;
const PROFILE_DIR = process.env['MOCK_E2E_PROFILE'];

interface Scenario {
  label: string;
  connections: number;
}
const SCENARIOS: Scenario[] = (process.env['MOCK_E2E_CONNECTIONS'] ?? '1,16').split(',').map((text) => {
  const connections = Number(text);
  if (!Number.isInteger(connections) || connections < 1 || connections > 16) {
    throw new Error(`MOCK_E2E_CONNECTIONS: ${text} is not a count of connections from 1 to 16`);
  }
  return { label: connections === 1 ? '1 connection' : `${connections} connections`, connections };
});

const PEER = 'peer stub';
const MOCK = 'mock exchange';
const BASELINE_MOCK = 'mock (baseline)';

const keys = makeKeys(16);
// Nonces start above anything a clock-based client would have sent, and only grow from there.
const signers = keys.map((key) => new KeySigner(key, BigInt(Date.now()) * 1000n));
const profileArgs = PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`];

console.log(
  `${BENCH}: signed Balance through loopback sockets, servers in child processes, load driven by ${DRIVER === 'raw' ? 'prepared bytes over node:net' : 'undici'}; ${ROUNDS} rounds of ${RUN_MS} ms per run; ${describeMachine()}`,
);

const servers = new Map<string, ServerProcess>();
servers.set(PEER, await startServerProcess('peer', keys, { execArgv: profileArgs }));
servers.set(MOCK, await startServerProcess('mock', keys, { execArgv: profileArgs }));
if (BASELINE !== undefined) {
  servers.set(
    BASELINE_MOCK,
    await startServerProcess('mock', keys, { entry: BASELINE, execArgv: profileArgs }),
  );
}
const names = [...servers.keys()];

const expected = new Map<string, number>();
/** Calls each server answered over the whole run, warm-up included (to put a server's CPU profile per call). */
const answered = new Map<string, number>();
let failed = 0;
const failures: string[] = [];

/** One run's figures: req/s, and the server's CPU µs per call. */
interface RunFigures {
  perSecond: number;
  cpuPerCall: number;
}

async function timed(name: string, scenario: Scenario, durationMs: number): Promise<RunFigures> {
  const server = servers.get(name);
  if (server === undefined) throw new Error(`no server ${name}`);
  const key = `${name} / ${scenario.label}`;
  const cpuBefore = await server.cpuMicros();
  const figure = await drive(
    server.origin,
    signers,
    scenario.connections,
    durationMs,
    expected.get(key) ?? 30_000,
  );
  // The run's calls plus the one per connection that opened it.
  const calls = figure.ok + figure.failed + scenario.connections;
  const cpuPerCall = ((await server.cpuMicros()) - cpuBefore) / calls;
  expected.set(key, figure.perSecond);
  answered.set(name, (answered.get(name) ?? 0) + calls);
  failed += figure.failed;
  if (figure.firstFailure !== undefined)
    failures.push(`${key}: ${figure.failed} failed, e.g. ${figure.firstFailure}`);
  return { perSecond: figure.perSecond, cpuPerCall };
}

/** Each scenario's interleaved rounds (warm-up runs are numbered below 0 and run WARMUP_MS). */
const results: Array<{
  scenario: Scenario;
  records: Array<RoundRecord<InterleavedResult<string, RunFigures>>>;
}> = [];
try {
  for (const scenario of SCENARIOS) {
    const contestants = Object.fromEntries(
      names.map((name) => [name, (round: number) => timed(name, scenario, round < 0 ? WARMUP_MS : RUN_MS)]),
    );
    results.push({ scenario, records: await runInterleaved(contestants, { rounds: ROUNDS }) });
  }
} finally {
  for (const server of servers.values()) await server.close();
}

console.log(`calls answered: ${names.map((name) => `${name} ${answered.get(name) ?? 0}`).join(', ')}`);
console.log(`after: ${describeLoad()}`);
for (const { scenario, records } of results) {
  const figures = (name: string) => resultsOf(records, name);
  reportScenario({
    label: `signed Balance, ${scenario.label}`,
    names,
    reference: PEER,
    baseline: BASELINE === undefined ? undefined : { name: BASELINE_MOCK, versus: MOCK },
    rates: (name) => figures(name).map((figure) => figure.perSecond),
    cpu: (name) => figures(name).map((figure) => figure.cpuPerCall),
    load: loadRange(loadSamplesOf(records)),
  });
}
if (failed > 0) {
  console.log(`\n${failed} calls were not answered with a success envelope:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
