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
 * span (steadier when other work shares the cores). Rounds rotate the order after one warm-up round each. Prints
 * min/median/max, the krakenkit/bare ratio (of medians, and its range over paired rounds), RSS and live heap
 * before/after, and `uptime`. Exits non-zero if a contestant missed a checksum or ended with a book other than
 * the stream's.
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
import {
  emit,
  machine,
  mebibytes,
  pairedRatios,
  round2,
  spread,
  thousands,
  uptime,
} from './support/book-e2e/summary.js';
import { PRECISION, SYMBOL } from './support/book-stream.js';

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

console.log(`book-e2e: ${machine()}; ${ROUNDS} rounds of ${thousands(UPDATES)} updates, depth ${DEPTH}`);
console.log(`before: ${uptime()}`);
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
interface Samples {
  rate: number[];
  cpu: number[];
}

async function round(name: string): Promise<RoundFigure> {
  const figure: RoundFigure = await (contestants.get(name) as Contestant)(target);
  if (figure.failures > 0) problems.push(`${name}: ${figure.failures} checksum mismatches`);
  if (JSON.stringify(figure.top) !== expectedBook)
    problems.push(`${name}: final book differs from the stream's`);
  return figure;
}

for (const name of names) await round(name); // warm-up
const samples = new Map<string, Samples>(names.map((name) => [name, { rate: [], cpu: [] }]));
const heapBefore = liveHeap();
const rssBefore = process.memoryUsage().rss;
const rssAfterRound: number[] = [];
for (let r = 0; r < ROUNDS; r += 1) {
  for (let i = 0; i < names.length; i += 1) {
    const name = names[(r + i) % names.length] as string;
    const figure = await round(name);
    const own = samples.get(name) as Samples;
    own.rate.push(figure.updatesPerSecond);
    own.cpu.push(figure.cpuMicrosPerUpdate);
  }
  rssAfterRound.push(process.memoryUsage().rss);
}
const rssAfter = process.memoryUsage().rss;
const heapAfter = liveHeap();
await server.close();

const width = Math.max(...names.map((name) => name.length));
const bare = samples.get(BARE);

console.log('\nwall clock, socket open to last update verified (the headline):');
for (const name of names) {
  const { rate } = samples.get(name) as Samples;
  const { min, median, max } = spread(rate);
  console.log(
    `  ${name.padEnd(width)}  median ${thousands(median).padStart(9)} updates/s (${(1e6 / median).toFixed(2)} µs)  min ${thousands(min).padStart(9)}  max ${thousands(max).padStart(9)}  rounds: ${rate.map(thousands).join(', ')}`,
  );
}
for (const name of names) {
  const { rate } = samples.get(name) as Samples;
  const figures = spread(rate);
  const metric = `${name}: depth ${DEPTH} book updates/s through a socket, checksum verified, median`;
  const range = `min ${thousands(figures.min)}, max ${thousands(figures.max)}`;
  if (name === BARE || bare === undefined) {
    emit({ metric, value: Math.round(figures.median), unit: 'updates/s', note: range });
    continue;
  }
  const ratio = round2(figures.median / spread(bare.rate).median);
  const paired = spread(pairedRatios(rate, bare.rate));
  const pairedText = `${round2(paired.min)}–${round2(paired.max)}x`;
  console.log(`  ${name} / bare: ${ratio}x of medians (paired rounds ${pairedText}; goal ≥ 0.9x)`);
  emit({
    metric,
    value: Math.round(figures.median),
    unit: 'updates/s',
    vs: BARE,
    ratio,
    note: `${range}; paired ${pairedText}`,
  });
}

console.log('\nCPU time of this process per update over the same span (steadier on a shared machine):');
for (const name of names) {
  const { cpu } = samples.get(name) as Samples;
  const { min, median, max } = spread(cpu);
  console.log(
    `  ${name.padEnd(width)}  median ${median.toFixed(2).padStart(6)} µs  min ${min.toFixed(2).padStart(6)}  max ${max.toFixed(2).padStart(6)}`,
  );
}
for (const name of names) {
  const { cpu } = samples.get(name) as Samples;
  const figures = spread(cpu);
  const metric = `${name}: CPU per book update (client process), median`;
  const range = `min ${figures.min.toFixed(2)}, max ${figures.max.toFixed(2)}`;
  if (name === BARE || bare === undefined) {
    emit({ metric, value: round2(figures.median), unit: 'µs', note: range });
    continue;
  }
  // Lower is better: the ratio is bare's cost over this one's.
  const ratio = round2(spread(bare.cpu).median / figures.median);
  const paired = spread(pairedRatios(bare.cpu, cpu));
  const pairedText = `${round2(paired.min)}–${round2(paired.max)}x`;
  console.log(`  ${name} vs bare: ${ratio}x (bare's CPU / ${name}'s, paired rounds ${pairedText})`);
  emit({
    metric,
    value: round2(figures.median),
    unit: 'µs',
    vs: BARE,
    ratio,
    note: `${range}; paired ${pairedText}`,
  });
}

console.log(
  `\n  RSS ${mebibytes(rssBefore)} after warm-up → ${mebibytes(rssAfter)} after ${ROUNDS} rounds (after each round: ${rssAfterRound.map(mebibytes).join(', ')})`,
);
console.log(`  live heap after a full collection: ${mebibytes(heapBefore)} → ${mebibytes(heapAfter)}`);
emit({
  metric: 'live heap growth over the timed rounds (client process, after full GC)',
  value: Math.round(((heapAfter - heapBefore) / 1_048_576) * 10) / 10,
  unit: 'MiB',
  note: `${mebibytes(heapBefore)} → ${mebibytes(heapAfter)}`,
});
emit({
  metric: 'RSS growth over the timed rounds (client process)',
  value: Math.round(((rssAfter - rssBefore) / 1_048_576) * 10) / 10,
  unit: 'MiB',
  note: `${mebibytes(rssBefore)} → ${mebibytes(rssAfter)}`,
});
console.log(`after: ${uptime()}`);
if (problems.length > 0) {
  console.log(`FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
}
