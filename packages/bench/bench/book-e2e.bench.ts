/**
 * WebSocket book updates per second end to end, through a real loopback socket, with the server in another process
 * (issue #14): krakenkit's public WS client next to a bare client in the same run.
 *
 * - server (support/book-e2e/server-process.ts): a child process serving a generated Kraken v2 `book` stream for
 *   BTC/USD at depth 10 (support/book-stream.ts: snapshot then BOOK_E2E_UPDATES updates with Kraken's checksums),
 *   framed once and written as fast as the socket takes it after each `subscribe`;
 * - krakenkit: `createWsClient` + `subscribe({ channel: 'book', depth: 10 })`, read with `for await`; every
 *   message is checked against Kraken's CRC32 by the client before it is served;
 * - bare: `ws` + `JSON.parse` + a sorted-array book with cached checksum text, verifying every message
 *   (support/book-e2e/bare-client.ts).
 * Each round, every contestant connects, subscribes and takes the whole stream; the figure is updates / seconds
 * from its socket opening to the last update verified; beside it, the CPU time this process used per update over the same
 * span (steadier when other work shares the cores). Rounds rotate the order after one warm-up round each (the e2e
 * harness, support/e2e/). Prints min/median/max, the krakenkit/bare ratio (of medians, and its range over paired
 * rounds), RSS and live heap before/after, and the load over the rounds and at the end. Exits non-zero if a
 * contestant missed a checksum or ended with a book other than the stream's.
 *
 * Settings (environment): BOOK_E2E_ROUNDS (default 5), BOOK_E2E_UPDATES (default 200000);
 * BOOK_E2E_BASELINE=<another copy's packages/client/src/ws/index.ts> adds that build as a contestant (before/after
 * in one run; several as `label=path,label=path`); BOOK_E2E_ONLY=<name> runs one contestant (for `node --cpu-prof`).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/book-e2e.bench.ts
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runBareRound } from './support/book-e2e/bare-client.js';
import type { Contestant, RoundFigure, RoundTarget } from './support/book-e2e/contestant.js';
import { krakenkitContestant } from './support/book-e2e/krakenkit-client.js';
import { startBookServer } from './support/book-e2e/server-process.js';
import { PRECISION, SYMBOL } from './support/book-stream.js';
import {
  describeLoad,
  describeMachine,
  emitSpread,
  formatPairedRange,
  loadRange,
  loadSamplesOf,
  pairedAdvantage,
  printColumns,
  resultsOf,
  runInterleaved,
  spread,
} from './support/e2e/index.js';
import { emit } from './support/report.js';

const BENCH = 'book-e2e';
const ROUNDS = Number(process.env['BOOK_E2E_ROUNDS'] ?? 5);
const UPDATES = Number(process.env['BOOK_E2E_UPDATES'] ?? 200_000);
const BASELINES = (process.env['BOOK_E2E_BASELINE'] ?? '')
  .split(',')
  .filter((entry) => entry !== '')
  .map((entry, i, all) => {
    const [label, path] = entry.includes('=') ? entry.split('=', 2) : [undefined, entry];
    return {
      name: label ?? (all.length === 1 ? 'krakenkit (baseline)' : `krakenkit (baseline ${i + 1})`),
      path,
    };
  });
const ONLY = process.env['BOOK_E2E_ONLY'];
const DEPTH = 10;

// A full collection before each memory reading tells retained memory (a leak) from heap the runtime keeps around.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const mebibytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const growthMiB = (before: number, after: number): number =>
  Math.round(((after - before) / 1_048_576) * 10) / 10;

const KRAKENKIT = 'krakenkit';
const BARE = 'bare';

const contestants = new Map<string, Contestant>([
  [KRAKENKIT, await krakenkitContestant()],
  [BARE, runBareRound],
]);
for (const { name, path } of BASELINES) contestants.set(name, await krakenkitContestant(path));
if (ONLY !== undefined)
  for (const name of [...contestants.keys()]) if (name !== ONLY) contestants.delete(name);
const names = [...contestants.keys()];

console.log(
  `${BENCH}: ${ROUNDS} rounds of ${thousands(UPDATES)} updates, depth ${DEPTH}; ${describeMachine()}`,
);
const server = await startBookServer({ depth: DEPTH, updates: UPDATES, seed: DEPTH });
const { facts } = server;
console.log(
  `stream: ${SYMBOL}, 1 snapshot + ${thousands(facts.updates)} updates, ${facts.averageChars} characters per frame on average, server pid in another process at ${server.url}`,
);
const target: RoundTarget = {
  url: server.url,
  symbol: SYMBOL,
  depth: DEPTH,
  precision: PRECISION,
  updates: facts.updates,
  lastChecksum: facts.lastChecksum,
};

const expectedBook = JSON.stringify(facts.expected);
const problems: string[] = [];

async function round(name: string): Promise<RoundFigure> {
  const figure: RoundFigure = await (contestants.get(name) as Contestant)(target);
  if (figure.failures > 0) problems.push(`${name}: ${figure.failures} checksum mismatches`);
  if (JSON.stringify(figure.top) !== expectedBook)
    problems.push(`${name}: final book differs from the stream's`);
  return figure;
}

let heapBefore = 0;
let rssBefore = 0;
const rssAfterRound: number[] = [];
const records = await runInterleaved(Object.fromEntries(names.map((name) => [name, () => round(name)])), {
  rounds: ROUNDS,
  afterWarmup: () => {
    heapBefore = liveHeap();
    rssBefore = process.memoryUsage().rss;
  },
  onRound: () => rssAfterRound.push(process.memoryUsage().rss),
});
const rssAfter = process.memoryUsage().rss;
const heapAfter = liveHeap();
await server.close();

const load = loadRange(loadSamplesOf(records));
const rates = (name: string) => resultsOf(records, name).map((figure) => figure.updatesPerSecond);
const cpu = (name: string) => resultsOf(records, name).map((figure) => figure.cpuMicrosPerUpdate);
const withBare = names.includes(BARE);

console.log(
  `\nwall clock, socket open to last update verified (the headline), min / median / max over ${records.length} rounds (load ${load}):`,
);
printColumns(
  ['contestant', 'median updates/s', '(µs)', 'min', 'max', 'rounds'],
  names.map((name) => {
    const { min, median, max } = spread(rates(name));
    return [
      name,
      thousands(median),
      `(${(1e6 / median).toFixed(2)})`,
      thousands(min),
      thousands(max),
      rates(name).map(thousands).join(', '),
    ];
  }),
);
for (const name of names) {
  const metric = `${name}: depth ${DEPTH} book updates/s through a socket, checksum verified, median`;
  const figure = {
    bench: BENCH,
    metric,
    unit: 'updates/s',
    spread: spread(rates(name)),
    rounds: ROUNDS,
    load,
  };
  if (name === BARE || !withBare) {
    emitSpread(figure);
    continue;
  }
  const faster = pairedAdvantage(rates(name), rates(BARE), 'higher');
  const paired = formatPairedRange(faster);
  console.log(
    `  ${name} / bare: ${faster.ofMedians.toFixed(2)}x of medians (paired rounds ${paired}; goal ≥ 0.9x)`,
  );
  emitSpread({ ...figure, vs: BARE, ratio: faster.ofMedians, note: `paired rounds ${paired}` });
}

console.log('\nCPU time of this process per update over the same span (steadier on a shared machine), µs:');
printColumns(
  ['contestant', 'median', 'min', 'max'],
  names.map((name) => {
    const { min, median, max } = spread(cpu(name));
    return [name, median.toFixed(2), min.toFixed(2), max.toFixed(2)];
  }),
);
for (const name of names) {
  const metric = `${name}: CPU per book update (client process), median`;
  const figure = { bench: BENCH, metric, unit: 'µs', spread: spread(cpu(name)), rounds: ROUNDS, load };
  if (name === BARE || !withBare) {
    emitSpread(figure);
    continue;
  }
  const cheaper = pairedAdvantage(cpu(name), cpu(BARE), 'lower');
  const paired = formatPairedRange(cheaper);
  console.log(
    `  ${name} vs bare: ${cheaper.ofMedians.toFixed(2)}x (bare's CPU / ${name}'s, paired rounds ${paired})`,
  );
  emitSpread({ ...figure, vs: BARE, ratio: cheaper.ofMedians, note: `paired rounds ${paired}` });
}

console.log(
  `\n  RSS ${mebibytes(rssBefore)} after warm-up → ${mebibytes(rssAfter)} after ${ROUNDS} rounds (after each round: ${rssAfterRound.map(mebibytes).join(', ')})`,
);
console.log(`  live heap after a full collection: ${mebibytes(heapBefore)} → ${mebibytes(heapAfter)}`);
// Memory of the client process over the same e2e rounds: one figure each, not a spread over rounds.
emit({
  bench: BENCH,
  metric: 'live heap growth over the timed rounds (client process, after full GC)',
  value: growthMiB(heapBefore, heapAfter),
  unit: 'MiB',
  note: `${mebibytes(heapBefore)} → ${mebibytes(heapAfter)}`,
  kind: 'e2e',
  load,
});
emit({
  bench: BENCH,
  metric: 'RSS growth over the timed rounds (client process)',
  value: growthMiB(rssBefore, rssAfter),
  unit: 'MiB',
  note: `${mebibytes(rssBefore)} → ${mebibytes(rssAfter)}`,
  kind: 'e2e',
  load,
});
console.log(`after: ${describeLoad()}`);
if (problems.length > 0) {
  console.log(`FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
}
