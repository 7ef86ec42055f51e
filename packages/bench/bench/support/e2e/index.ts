/**
 * The e2e bench harness: measure through a package's public API over real loopback sockets, the server in another
 * process, side by side with other contestants in the same run, and report min / median / max over interleaved
 * rounds with the machine's load. Any bench script can adopt it piece by piece:
 *
 * - Server in a child process: `startStubProcess(keys)` (the Kraken REST stub: key, signature, strict nonces,
 *   optional REST counter per tier; `stub.origin`, `stub.stats()`, `stub.close()`). A bench with its own server
 *   builds it on `startChildServer(import.meta.url, setup, { name })` + `serveInChild(serve)` in the server's module
 *   (support/e2e/child-server.ts: fork, setup over IPC, `ready` with the port, `cpuMicros()` of the child, the
 *   server's own `answers`, `close`); `listenOnLoopback` / `closeHttpServer` for an HTTP server.
 * - Rounds: `runInterleaved({ a: (round) => …, b: … }, { rounds, warmupRounds, afterWarmup?, onRound? })` runs each
 *   contestant alone, warm-up first, then each round in `rotation(names, round)` order; every record carries
 *   `loadStart`/`loadEnd` (`os.loadavg()`); `resultsOf(records, name)` is one contestant's result per round.
 *   `runRounds(count, body)` is the same without contestants (e.g. contestants that must run at the same time).
 *   `loadSamplesOf(records)` + `loadRange(samples)` give the load over the rounds.
 * - Calls: `timeSequentialCalls(n, call)` → each call's latency (µs), CPU per call of this process, failures;
 *   `cpuMicrosSince(start)` for CPU over any span.
 * - Statistics: `latencyStats(latencies)` → mean, p50, p99 (nearest rank), min, max of one round;
 *   `spread(perRound)` → min / median / max across rounds; `pairedRatios(a, b)` → per-round ratios;
 *   `pairedAdvantage(values, reference, better)` → how many times better, of the medians and per round;
 *   `medianInterval(values)` → the sign-test interval of the median; `judgeTarget(ratios, target, side)` → a
 *   target's verdict (met / not met / undecided) from that interval of the per-round ratios.
 * - Reporting: `emitSpread({ bench, metric, unit, spread, rounds, load, vs?, ratio?, note? })` prints the BENCH
 *   line (`kind: 'e2e'`, median as value, min/max, rounds, load) that scripts/run-bench.mjs tables;
 *   `formatSpread`, `formatRange`, `formatPairedRange`, `printColumns`, `describeMachine`, `describeLoad` and
 *   `formatLoad` for the human lines.
 * - Profiles: `profiled(body)` → the V8 CPU profile of just `body`; `summarizeProfile` / `formatProfileSummary`
 *   → self time by area, file and function (support/e2e/summarize-profile.ts does it for `--cpu-prof` files).
 *
 * Nothing here asserts a timing.
 */
export { type StubProcess, startStubProcess } from '../stub-process.js';
export { type CallOutcome, cpuMicrosSince, type SequentialRun, timeSequentialCalls } from './calls.js';
export {
  type ChildListening,
  type ChildServer,
  type ChildServerOptions,
  closeHttpServer,
  isForkedChild,
  listenOnLoopback,
  serveInChild,
  startChildServer,
} from './child-server.js';
export { describeLoad, describeMachine, formatLoad, type LoadSample, loadRange, sampleLoad } from './load.js';
export {
  type CpuProfile,
  formatProfileSummary,
  type ProfileSummary,
  profiled,
  type SelfTime,
  summarizeProfile,
} from './profile.js';
export {
  emitSpread,
  formatPairedRange,
  formatRange,
  formatSpread,
  printColumns,
  roundFigure,
  type SpreadFigure,
} from './report.js';
export {
  type InterleavedResult,
  type InterleaveOptions,
  loadSamplesOf,
  type RoundRecord,
  resultsOf,
  rotation,
  runInterleaved,
  runRounds,
} from './rounds.js';
export {
  type Advantage,
  type LatencyStats,
  latencyStats,
  type MedianInterval,
  medianInterval,
  nearestRank,
  pairedAdvantage,
  pairedRatios,
  type Spread,
  spread,
} from './stats.js';
export {
  formatInterval,
  judgeTarget,
  type TargetOutcome,
  type TargetSide,
  type TargetVerdict,
} from './target.js';
