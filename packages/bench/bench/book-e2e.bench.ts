/**
 * WebSocket book updates per second end to end, through a real loopback socket, with the server in another process
 * (issue #14): krakenkit's public WS client next to a bare client and CCXT Pro in the same run.
 *
 * - server (support/book-e2e/server-process.ts): a child process serving a generated Kraken v2 `book` stream for
 *   BTC/USD at depth 10 (support/book-stream.ts: snapshot then BOOK_E2E_UPDATES updates with Kraken's checksums),
 *   framed once and written as fast as the socket takes it after each `subscribe`;
 * - krakenkit: `createWsClient` + `subscribe({ channel: 'book', depth: 10 })`, read with `for await`; every
 *   message is checked against Kraken's CRC32 by the client before it is served;
 * - bare: `ws` + `JSON.parse` + a sorted-array book with cached checksum text, verifying every message
 *   (support/book-e2e/bare-client.ts);
 * - ccxt (checksum on, precision fix): `ccxt.pro.kraken` through its own ws client, WS v2 public URL pointed at the
 *   server, market given up front (no REST), read with `await watchOrderBook(symbol, 10)` in a loop; checksum on
 *   with the smallest precision repair that lets CCXT's own checksum loop run and be right (support/ccxt-book.ts);
 *   the fair baseline with verification (support/book-e2e/ccxt-client.ts);
 * - ccxt (checksum off, CCXT default): the same without verification.
 * CCXT as shipped with checksum on is run once, untimed: the output says how many frames it rejected and why.
 * Each round, every contestant connects, subscribes and takes the whole stream; the figure is updates / seconds
 * from its socket opening to the last update verified (applied, for CCXT without checksum); beside it, the CPU time
 * this process used per update over the same span (steadier when other work shares the cores). Rounds rotate the
 * order after one warm-up round each (the e2e harness, support/e2e/). Prints min/median/max, the krakenkit/bare and
 * krakenkit/CCXT (checksum on) ratios (of medians, and their range over paired rounds), RSS and live heap
 * before/after, and the load over the rounds and at the end. Exits non-zero if a contestant missed a checksum, had
 * a frame rejected or ended with a book other than the stream's.
 *
 * Settings (environment): BOOK_E2E_ROUNDS (default 5), BOOK_E2E_UPDATES (default 200000);
 * BOOK_E2E_BASELINE=<another copy's packages/client/src/ws/index.ts> adds that build as a contestant (before/after
 * in one run; several as `label=path,label=path`); BOOK_E2E_ONLY=<name> runs one contestant (for `node --cpu-prof`;
 * a name as printed, e.g. `ccxt (checksum off, CCXT default)`) and skips the untimed as-shipped CCXT run.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/book-e2e.bench.ts
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runBareRound } from './support/book-e2e/bare-client.js';
import { ccxtContestant, runCcxtRound } from './support/book-e2e/ccxt-client.js';
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
import { emit, installedVersion } from './support/report.js';

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
const CCXT_CHECKED = 'ccxt (checksum on, precision fix)';
const CCXT_DEFAULT = 'ccxt (checksum off, CCXT default)';
/** Contestants that verify no checksum: their rows do not claim it. */
const UNVERIFIED = new Set([CCXT_DEFAULT]);

const contestants = new Map<string, Contestant>([
  [KRAKENKIT, await krakenkitContestant()],
  [BARE, runBareRound],
  [CCXT_CHECKED, ccxtContestant('fixed')],
  [CCXT_DEFAULT, ccxtContestant('off')],
]);
for (const { name, path } of BASELINES) contestants.set(name, await krakenkitContestant(path));
if (ONLY !== undefined)
  for (const name of [...contestants.keys()]) if (name !== ONLY) contestants.delete(name);
const names = [...contestants.keys()];
/** krakenkit and its baselines: the rows compared with CCXT as well as with bare. */
const krakenkitNames = names.filter((name) => name === KRAKENKIT || BASELINES.some((b) => b.name === name));

console.log(
  `${BENCH}: ${ROUNDS} rounds of ${thousands(UPDATES)} updates, depth ${DEPTH}, CCXT ${installedVersion('ccxt')}; ${describeMachine()}`,
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

// CCXT as shipped cannot verify Kraken's checksum (its loop formats the number it stores as if it were text): one
// untimed round says how far it gets over the socket.
if (ONLY === undefined) {
  const shipped = await runCcxtRound('as-shipped', target);
  const first = shipped.firstError;
  const reason = first instanceof Error ? `${first.name}: ${first.message}` : 'none';
  console.log(
    `ccxt (checksum on, as shipped): ${thousands(shipped.failures)} of ${thousands(facts.updates + 1)} frames rejected over the socket (first: ${reason}); not timed`,
  );
}

async function round(name: string): Promise<RoundFigure> {
  const figure: RoundFigure = await (contestants.get(name) as Contestant)(target);
  if (figure.failures > 0)
    problems.push(`${name}: ${figure.failures} frames failed verification or were rejected`);
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
const withCcxt = names.includes(CCXT_CHECKED);

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
  const checked = UNVERIFIED.has(name) ? 'no checksum verification' : 'checksum verified';
  const metric = `${name}: depth ${DEPTH} book updates/s through a socket, ${checked}, median`;
  const figure = {
    bench: BENCH,
    metric,
    unit: 'updates/s',
    spread: spread(rates(name)),
    rounds: ROUNDS,
    load,
  };
  if (name === BARE || !withBare) emitSpread(figure);
  else {
    const faster = pairedAdvantage(rates(name), rates(BARE), 'higher');
    const paired = formatPairedRange(faster);
    const goal = krakenkitNames.includes(name) ? '; goal ≥ 0.9x' : '';
    console.log(
      `  ${name} / bare: ${faster.ofMedians.toFixed(2)}x of medians (paired rounds ${paired}${goal})`,
    );
    emitSpread({ ...figure, vs: BARE, ratio: faster.ofMedians, note: `paired rounds ${paired}` });
  }
  if (!withCcxt || !krakenkitNames.includes(name)) continue;
  const fasterThanCcxt = pairedAdvantage(rates(name), rates(CCXT_CHECKED), 'higher');
  const pairedCcxt = formatPairedRange(fasterThanCcxt);
  console.log(
    `  ${name} / ${CCXT_CHECKED}: ${fasterThanCcxt.ofMedians.toFixed(2)}x of medians (paired rounds ${pairedCcxt})`,
  );
  emitSpread({
    ...figure,
    metric: `${name} vs CCXT: depth ${DEPTH} book updates/s through a socket, both verifying checksums, median`,
    vs: CCXT_CHECKED,
    ratio: fasterThanCcxt.ofMedians,
    note: `paired rounds ${pairedCcxt}`,
  });
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
  if (name === BARE || !withBare) emitSpread(figure);
  else {
    const cheaper = pairedAdvantage(cpu(name), cpu(BARE), 'lower');
    const paired = formatPairedRange(cheaper);
    console.log(
      `  ${name} vs bare: ${cheaper.ofMedians.toFixed(2)}x (bare's CPU / ${name}'s, paired rounds ${paired})`,
    );
    emitSpread({ ...figure, vs: BARE, ratio: cheaper.ofMedians, note: `paired rounds ${paired}` });
  }
  if (!withCcxt || !krakenkitNames.includes(name)) continue;
  const cheaperThanCcxt = pairedAdvantage(cpu(name), cpu(CCXT_CHECKED), 'lower');
  const pairedCcxt = formatPairedRange(cheaperThanCcxt);
  console.log(
    `  ${name} vs ${CCXT_CHECKED}: ${cheaperThanCcxt.ofMedians.toFixed(2)}x (CCXT's CPU / ${name}'s, paired rounds ${pairedCcxt})`,
  );
  emitSpread({
    ...figure,
    metric: `${name} vs CCXT: CPU per book update (client process), both verifying checksums, median`,
    vs: CCXT_CHECKED,
    ratio: cheaperThanCcxt.ofMedians,
    note: `paired rounds ${pairedCcxt}`,
  });
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
