/**
 * The mock exchange's throughput end to end, against a minimal peer stub, each server in its own process and the
 * load from this one, over real loopback sockets (issue #14): signed `POST /0/private/Balance` with increasing
 * nonces, one key per connection, over undici with 1 connection (one call in flight) and 16 connections.
 *
 * - mock exchange: `startMockExchange` from the package entry (support/mock-e2e/server-process.ts), every check on:
 *   key, signature, nonce, IP allowlist, permission, REST counter (too large to refuse, still charged), body
 *   bound, fault hooks;
 * - peer stub: a bare node:http server checking key, signature and nonce, answering a fixed envelope
 *   (support/mock-e2e/peer-stub.ts).
 *
 * Contestants take turns in rotating order over interleaved rounds after one warm-up run each; prints min/median/max
 * req/s per contestant and each server's CPU time per call (user + system, read from the server process: the cost
 * that sets its throughput once it has a core to itself, and far steadier than req/s on a shared machine), the
 * mock-to-peer ratios (of medians, and their range over paired rounds), `uptime` before and after, and
 * `BENCH {...}` lines. Asserts nothing about time; exits non-zero when any call was not answered with a success
 * envelope.
 *
 * Settings (environment): BENCH_ROUNDS (default 5), BENCH_MS per timed run (default 2000), BENCH_WARMUP_MS (1000);
 * MOCK_E2E_BASELINE=<path to another copy's src/index.ts> adds that build as a third contestant (before/after in
 * one run); MOCK_E2E_PROFILE=<dir> runs every server process under `--cpu-prof` into that directory;
 * MOCK_E2E_CONNECTIONS=1,16 the connection counts to run (1 to 16 each).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/mock-throughput-e2e.bench.ts
 */
import { loadavg } from 'node:os';
import { KeySigner, makeKeys } from './support/mock-e2e/keys.js';
import { type RunFigure, runLoad } from './support/mock-e2e/load.js';
import { type ServerProcess, startServerProcess } from './support/mock-e2e/server-process.js';
import { BENCH, machine, reportScenario, spread, uptime } from './support/mock-e2e/summary.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const RUN_MS = Number(process.env['BENCH_MS'] ?? 2000);
const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 1000);
const BASELINE = process.env['MOCK_E2E_BASELINE'];
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
  `${BENCH}: signed Balance through loopback sockets, servers in child processes; ${ROUNDS} rounds of ${RUN_MS} ms per run; ${machine()}`,
);
console.log(`before: ${uptime()}`);

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

const samples = new Map<string, number[]>();
/** Server CPU µs per call, per run. */
const cpuSamples = new Map<string, number[]>();
/** The 1-minute load average after each run, per scenario. */
const loads = new Map<string, number[]>();
const expected = new Map<string, number>();
/** Calls each server answered over the whole run, warm-up included (to put a server's CPU profile per call). */
const answered = new Map<string, number>();
let failed = 0;
const failures: string[] = [];
const slot = (name: string, scenario: Scenario) => `${name} / ${scenario.label}`;

async function timed(
  name: string,
  scenario: Scenario,
  durationMs: number,
): Promise<RunFigure & { cpuPerCall: number }> {
  const server = servers.get(name);
  if (server === undefined) throw new Error(`no server ${name}`);
  const key = slot(name, scenario);
  const cpuBefore = await server.cpuMicros();
  const figure = await runLoad(
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
  return { ...figure, cpuPerCall };
}

function record(into: Map<string, number[]>, key: string, value: number): void {
  const list = into.get(key) ?? [];
  list.push(value);
  into.set(key, list);
}

try {
  for (const scenario of SCENARIOS) for (const name of names) await timed(name, scenario, WARMUP_MS);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const scenario of SCENARIOS) {
      for (let i = 0; i < names.length; i += 1) {
        const name = names[(round + i) % names.length] ?? PEER;
        const figure = await timed(name, scenario, RUN_MS);
        record(samples, slot(name, scenario), figure.perSecond);
        record(cpuSamples, slot(name, scenario), figure.cpuPerCall);
        record(loads, scenario.label, loadavg()[0] ?? Number.NaN);
      }
    }
  }
} finally {
  for (const server of servers.values()) await server.close();
}

console.log(`calls answered: ${names.map((name) => `${name} ${answered.get(name) ?? 0}`).join(', ')}`);
console.log(`after:  ${uptime()}`);
for (const scenario of SCENARIOS) {
  const load = spread(loads.get(scenario.label) ?? []);
  reportScenario({
    label: `signed Balance, ${scenario.label}`,
    names,
    reference: PEER,
    baseline: BASELINE === undefined ? undefined : { name: BASELINE_MOCK, versus: MOCK },
    rates: (name) => samples.get(slot(name, scenario)) ?? [],
    cpu: (name) => cpuSamples.get(slot(name, scenario)) ?? [],
    load: `${load.min.toFixed(2)}–${load.max.toFixed(2)}`,
  });
}
if (failed > 0) {
  console.log(`\n${failed} calls were not answered with a success envelope:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
