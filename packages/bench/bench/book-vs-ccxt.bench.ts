/**
 * Book updates per second with checksum verification, on one core, next to CCXT's Kraken WebSocket order book
 * handling fed the same text frames in the same run (goal: krakenkit at least 3x CCXT).
 *
 * Stream: support/book-stream.ts (BTC/USD, depth 10 and 100, snapshot + updates with Kraken's checksums).
 * Contestants, each doing parse + apply + checksum on every frame:
 * - krakenkit: `parseFrame` (lossless numbers) → `LocalOrderBook.apply` (clear first on a snapshot) → `checksum()`
 *   compared with the frame's, i.e. exactly what the WS client's book sync does per frame, through the package's
 *   lowest public entries;
 * - CCXT `ccxt.pro.kraken` via its ws Client's receive path, checksum on, with the precision repair described in
 *   support/ccxt-book.ts (as shipped, CCXT's checksum throws on every message: shown, not timed);
 * - CCXT with its default `checksum: false` (no verification), for reference.
 * Every contestant's book must end equal to the generator's (whole window, exact decimal text), else the script
 * reports the mismatch and exits non-zero. One warm-up pass each, then ROUNDS rounds in rotating order; the median
 * round is reported (best alongside).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/book-vs-ccxt.bench.ts
 */
import { parseFrame } from '@krakenkit/client/wire';
import { type BookMessage, LocalOrderBook } from '@krakenkit/client/ws';
import {
  averageFrameChars,
  type BookStream,
  generateBookStream,
  PRECISION,
  SYMBOL,
} from './support/book-stream.js';
import { type CcxtVariant, createCcxtBookFeed } from './support/ccxt-book.js';
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

const UPDATES = 40_000;
const ROUNDS = 5;
const BENCH = 'book-vs-ccxt';

interface PassResult {
  updatesPerSecond: number;
  failures: number;
  top: { asks: Array<{ price: string; qty: string }>; bids: Array<{ price: string; qty: string }> };
}

function krakenkitPass(stream: BookStream): PassResult {
  const book = new LocalOrderBook(SYMBOL, stream.depth, PRECISION);
  let failures = 0;
  const start = process.hrtime.bigint();
  for (const frame of stream.frames) {
    const parsed = parseFrame(frame);
    if (parsed.kind !== 'channel' || parsed.message.channel !== 'book') {
      failures += 1;
      continue;
    }
    const message: BookMessage = parsed.message;
    for (const data of message.data) {
      if (message.type === 'snapshot') book.clear();
      book.apply(data.bids, data.asks);
      if (book.checksum() !== data.checksum) failures += 1;
    }
  }
  const micros = microsSince(start);
  return { updatesPerSecond: (stream.frames.length / micros) * 1e6, failures, top: book.top(stream.depth) };
}

async function ccxtPass(stream: BookStream, variant: CcxtVariant): Promise<PassResult> {
  const feed = createCcxtBookFeed(variant, stream.depth);
  const start = process.hrtime.bigint();
  for (const frame of stream.frames) feed.feed(frame);
  const micros = microsSince(start);
  const result = {
    updatesPerSecond: (stream.frames.length / micros) * 1e6,
    failures: feed.errors.length,
    top: feed.top(stream.depth),
  };
  await feed.close();
  return result;
}

/** CCXT as installed, checksum on: how many of the first frames fail, and with what. */
async function ccxtAsShipped(stream: BookStream): Promise<string> {
  const feed = createCcxtBookFeed('as-shipped', stream.depth);
  const frames = stream.frames.slice(0, 1_000);
  let rejected = 0;
  for (const frame of frames) {
    const before = feed.errors.length;
    feed.feed(frame);
    if (feed.errors.length > before) rejected += 1;
  }
  await feed.close();
  const first = feed.errors[0];
  const reason = first instanceof Error ? `${first.name}: ${first.message}` : 'none';
  return `${rejected} of ${frames.length} frames rejected (first: ${reason})`;
}

function sameBook(label: string, stream: BookStream, result: PassResult): boolean {
  const same = JSON.stringify(result.top) === JSON.stringify(stream.expected);
  if (!same) {
    console.log(`  MISMATCH: ${label}'s book differs from the stream's final state`);
    process.exitCode = 1;
  }
  return same;
}

type Contestant = 'krakenkit' | 'fixed' | 'off';
const LABELS: Record<Contestant, string> = {
  krakenkit: 'krakenkit parseFrame + LocalOrderBook + CRC32',
  fixed: 'ccxt.pro kraken, checksum on (precision fix)',
  off: 'ccxt.pro kraken, checksum off (CCXT default)',
};

async function benchDepth(depth: number): Promise<void> {
  const stream = generateBookStream(depth, UPDATES, depth);
  console.log(
    `\ndepth ${depth}: ${stream.frames.length.toLocaleString('en-US')} frames (1 snapshot), ${averageFrameChars(stream.frames)} characters per frame on average`,
  );
  console.log(`  CCXT as shipped, checksum on: ${await ccxtAsShipped(stream)}`);
  const last: Partial<Record<Contestant, PassResult>> = {};
  const keep = (name: Contestant, result: PassResult) => {
    last[name] = result;
    return result.updatesPerSecond;
  };
  const run: Record<Contestant, () => number | Promise<number>> = {
    krakenkit: () => keep('krakenkit', krakenkitPass(stream)),
    fixed: async () => keep('fixed', await ccxtPass(stream, 'fixed')),
    off: async () => keep('off', await ccxtPass(stream, 'off')),
  };
  await alternate(run, 1); // warm-up
  const samples = await alternate(run, ROUNDS);
  const figures = {} as Record<Contestant, number>;
  for (const name of ['krakenkit', 'fixed', 'off'] as const) {
    const result = last[name] as PassResult;
    const ok = sameBook(LABELS[name], stream, result);
    figures[name] = median(samples[name]);
    console.log(
      `  ${LABELS[name].padEnd(48)} median ${Math.round(figures[name]).toLocaleString('en-US').padStart(9)} updates/s ` +
        `(${(1e6 / figures[name]).toFixed(2)} µs)  best ${Math.round(best(samples[name], 'higher')).toLocaleString('en-US').padStart(9)}  ` +
        `checksum failures ${result.failures}, final book ${ok ? 'matches' : 'DIFFERS'}`,
    );
  }
  report(depth, figures);
}

function report(depth: number, figures: Record<Contestant, number>): void {
  const vsFixed = advantage(figures.krakenkit, figures.fixed, 'higher');
  const vsOff = advantage(figures.krakenkit, figures.off, 'higher');
  console.log(
    `  krakenkit / CCXT: ${vsFixed}x with both verifying (goal ≥ 3x), ${vsOff}x against CCXT not verifying at all`,
  );
  const metric = (name: Contestant) => `depth ${depth}: ${LABELS[name]}`;
  emit({
    bench: BENCH,
    metric: metric('krakenkit'),
    value: Math.round(figures.krakenkit),
    unit: 'updates/s',
    vs: 'ccxt checksum on',
    ratio: vsFixed,
    note: `${vsOff}x vs ccxt checksum off; frames from memory, no socket`,
    kind: 'in-memory',
  });
  const rest = { unit: 'updates/s', kind: 'in-memory' } as const;
  emit({ bench: BENCH, metric: metric('fixed'), value: Math.round(figures.fixed), ...rest });
  emit({ bench: BENCH, metric: metric('off'), value: Math.round(figures.off), ...rest });
}

console.log(
  `book updates/s with checksum verification, one core, same frames for every contestant: krakenkit vs CCXT ${installedVersion('ccxt')} (Node ${process.version}, ${loadAverage()})`,
);
await benchDepth(10);
await benchDepth(100);
