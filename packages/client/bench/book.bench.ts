/**
 * Book updates per second with checksum verification, on one core.
 *
 * A synthetic but Kraken-shaped stream for BTC/USD (price precision 1, qty precision 8): a snapshot, then update
 * messages of 1–3 level changes concentrated near the top of the book (qty changes, deletions that bring a deeper
 * level into scope, new levels inside the window), numbers printed the way Kraken prints JSON numbers (trailing
 * zeros dropped), each message with the checksum of the resulting top 10. The generator keeps prices and quantities
 * as integer ticks and computes checksums on its own, independently of src/ws.
 *
 * Measured per depth (10 and 100):
 * - `frame → verified book`: parse the text frame (lossless numbers), apply, truncate, CRC32 check;
 * - `apply + checksum`: the same on pre-parsed messages (the book's own cost).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/client/bench/book.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import type { BookMessage } from '../src/ws/messages.js';
import { LocalOrderBook } from '../src/ws/order-book.js';
import { parseFrame } from '../src/ws/parse-frame.js';

const SYMBOL = 'BTC/USD';
const QTY_SCALE = 100_000_000;
const PASSES = 5;

/** Deterministic PRNG (mulberry32) so every run measures the same stream. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Level {
  ticks: number;
  units: number;
}

const priceText = (ticks: number): string => {
  const text = `${Math.floor(ticks / 10)}.${ticks % 10}`;
  return text.endsWith('.0') ? text.slice(0, -2) : text;
};
const qtyText = (units: number): string => {
  if (units === 0) return '0';
  const text = `${Math.floor(units / QTY_SCALE)}.${String(units % QTY_SCALE).padStart(8, '0')}`.replace(
    /0+$/,
    '',
  );
  return text.endsWith('.') ? text.slice(0, -1) : text;
};
const levelsJson = (levels: readonly Level[]): string =>
  `[${levels.map((l) => `{"price":${priceText(l.ticks)},"qty":${qtyText(l.units)}}`).join(',')}]`;

/** Checksum digits of a level are just the integer ticks and units (price "45285.2" → "452852"). */
function checksumOf(asks: readonly Level[], bids: readonly Level[]): number {
  let text = '';
  for (const l of asks.slice(0, 10)) text += `${l.ticks}${l.units}`;
  for (const l of bids.slice(0, 10)) text += `${l.ticks}${l.units}`;
  return crc32(text) >>> 0;
}

/** Generates the frames a depth-`depth` subscriber would receive. */
function generateStream(depth: number, updates: number, seed: number): string[] {
  const random = prng(seed);
  const qty = (): number => 1 + Math.floor(random() ** 3 * 5 * QTY_SCALE);
  // The exchange keeps deeper levels than the subscriber sees, so deletions bring new levels into scope.
  const full = { bids: [] as Level[], asks: [] as Level[] };
  const mid = 450_000;
  for (let i = 0; i < depth * 2; i += 1) {
    full.bids.push({ ticks: mid - 1 - i * 2, units: qty() });
    full.asks.push({ ticks: mid + 1 + i * 2, units: qty() });
  }
  const window = (side: Level[]): Level[] => side.slice(0, depth).map((l) => ({ ...l }));
  let seen = { bids: window(full.bids), asks: window(full.asks) };
  const frames = [
    `{"channel":"book","type":"snapshot","data":[{"symbol":"${SYMBOL}","bids":${levelsJson(seen.bids)},"asks":${levelsJson(seen.asks)},"checksum":${checksumOf(seen.asks, seen.bids)}}]}`,
  ];
  for (let n = 0; n < updates; n += 1) {
    const ops = 1 + Math.floor(random() * 3);
    for (let k = 0; k < ops; k += 1) mutate(random() < 0.5 ? 'bids' : 'asks');
    const next = { bids: window(full.bids), asks: window(full.asks) };
    const diff = { bids: diffSide(seen.bids, next.bids), asks: diffSide(seen.asks, next.asks) };
    seen = next;
    frames.push(
      `{"channel":"book","type":"update","data":[{"symbol":"${SYMBOL}","bids":${levelsJson(diff.bids)},"asks":${levelsJson(diff.asks)},"checksum":${checksumOf(seen.asks, seen.bids)},"timestamp":"2026-01-01T00:00:00.000000Z"}]}`,
    );
  }
  return frames;

  function mutate(name: 'bids' | 'asks'): void {
    const side = full[name];
    const index = Math.min(side.length - 1, Math.floor(random() ** 2 * Math.min(depth, side.length)));
    const roll = random();
    const level = side[index] as Level;
    if (roll < 0.6) level.units = qty();
    else if (roll < 0.8 && side.length > depth + 1) side.splice(index, 1);
    else {
      const best = (side[0] as Level).ticks;
      const other = (name === 'bids' ? full.asks[0] : full.bids[0]) as Level;
      const ticks =
        name === 'bids' ? Math.min(other.ticks - 1, best + 1) : Math.max(other.ticks + 1, best - 1);
      if (ticks !== best) side.unshift({ ticks, units: qty() });
      else level.units = qty();
    }
    if (side.length < depth * 2) {
      const last = side[side.length - 1] as Level;
      side.push({ ticks: name === 'bids' ? last.ticks - 2 : last.ticks + 2, units: qty() });
    }
  }
}

function diffSide(before: readonly Level[], after: readonly Level[]): Level[] {
  const old = new Map(before.map((l) => [l.ticks, l.units]));
  const now = new Map(after.map((l) => [l.ticks, l.units]));
  const changes: Level[] = [];
  // Levels gone from the window are sent as deletions here (the generator cannot tell "deleted" from "out of scope"
  // without the full book; a deletion of an out-of-scope level is harmless: the client truncated it already).
  for (const [ticks] of old) if (!now.has(ticks)) changes.push({ ticks, units: 0 });
  for (const [ticks, units] of now) if (old.get(ticks) !== units) changes.push({ ticks, units });
  return changes;
}

/** Runs `run` once to warm up, then PASSES times; prints the best and median pass (the machine may be shared). */
function measure(label: string, messages: number, run: () => number): void {
  run();
  const passes: number[] = [];
  let mismatches = 0;
  for (let i = 0; i < PASSES; i += 1) {
    const started = performance.now();
    mismatches += run();
    passes.push(performance.now() - started);
  }
  passes.sort((a, b) => a - b);
  const rate = (ms: number): string => Math.round((messages / ms) * 1000).toLocaleString('en-US');
  const best = passes[0] as number;
  const median = passes[Math.floor(passes.length / 2)] as number;
  console.log(
    `${label.padEnd(44)} best ${rate(best).padStart(9)} updates/s (${((best * 1000) / messages).toFixed(2)} µs)  median ${rate(median).padStart(9)} updates/s  mismatches ${mismatches}`,
  );
  // Machine line for the combined `pnpm bench` table (scripts/run-bench.mjs).
  const line = {
    bench: 'client/book',
    metric: label,
    value: Math.round((messages / median) * 1000),
    unit: 'updates/s',
  };
  console.log(`BENCH ${JSON.stringify({ ...line, note: `median of ${PASSES}; ${mismatches} mismatches` })}`);
}

function benchDepth(depth: number, updates: number): void {
  const frames = generateStream(depth, updates, depth);
  const averageChars = Math.round(frames.reduce((sum, frame) => sum + frame.length, 0) / frames.length);
  console.log(
    `depth ${depth}: ${updates.toLocaleString('en-US')} updates, ${averageChars} characters per frame on average`,
  );
  const precision = { price: 1, qty: 8 };

  measure(`depth ${depth}: frame → verified book`, updates, () => {
    const book = new LocalOrderBook(SYMBOL, depth, precision);
    let mismatches = 0;
    for (const frame of frames) {
      const result = parseFrame(frame);
      if (result.kind !== 'channel' || result.message.channel !== 'book') continue;
      const data = (result.message as BookMessage).data[0];
      if (data === undefined) continue;
      book.apply(data.bids, data.asks);
      if (book.checksum() !== data.checksum) mismatches += 1;
    }
    return mismatches;
  });

  const parsed = frames.map((frame) => {
    const result = parseFrame(frame);
    if (result.kind !== 'channel' || result.message.channel !== 'book') throw new Error('generator bug');
    return result.message;
  });
  measure(`depth ${depth}: apply + checksum (pre-parsed)`, updates, () => {
    const book = new LocalOrderBook(SYMBOL, depth, precision);
    let mismatches = 0;
    for (const message of parsed) {
      const data = message.data[0];
      if (data === undefined) continue;
      book.apply(data.bids, data.asks);
      if (book.checksum() !== data.checksum) mismatches += 1;
    }
    return mismatches;
  });
}

console.log(
  `Node ${process.version}, one core; synthetic Kraken v2 BTC/USD book stream, checksum verified on every message`,
);
benchDepth(10, 100_000);
benchDepth(100, 100_000);
