import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseFrame } from '@krakenkit/client/wire';
import { LocalOrderBook } from '@krakenkit/client/ws';
import { BookStream } from './fuzz-book-stream.js';

/** One memory reading, taken after a forced GC when one is available. */
export interface MemorySample {
  updates: number;
  rssMb: number;
  heapUsedMb: number;
  /** Updates per second since the previous sample. */
  rate: number;
}

export interface BookMemoryRun {
  samples: MemorySample[];
  updatesPerSecond: number;
  gcForced: boolean;
}

/** `gc()` without `--expose-gc` on the command line (V8 flag set at run time, function taken from a fresh context). */
export function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const MB = 1024 * 1024;

/**
 * Feeds `updates` book updates through the client's WebSocket book path (text frame → parseFrame → apply →
 * CRC32 checksum compared with the frame's), sampling RSS and heapUsed every `every` updates. Throws on the first
 * checksum mismatch: a memory figure for a wrong book would be meaningless.
 */
export function runBookMemory(updates: number, every: number, depth = 10): BookMemoryRun {
  const gc = exposeGc();
  const stream = new BookStream(depth, 7);
  const book = new LocalOrderBook(stream.symbol, depth, { price: 1, qty: 8 });
  applyFrame(book, stream.snapshot(), 0);
  const samples: MemorySample[] = [];
  let pathMs = 0;
  // Frames are generated a chunk at a time, outside the timed loop: the rate is the client's book path alone.
  for (let done = 0; done < updates; ) {
    const count = Math.min(every, updates - done);
    let chunk: string[] = Array.from({ length: count }, () => stream.next());
    const started = performance.now();
    for (let i = 0; i < count; i += 1) applyFrame(book, chunk[i] as string, done + i + 1);
    const ms = performance.now() - started;
    pathMs += ms;
    done += count;
    chunk = [];
    gc?.();
    const memory = process.memoryUsage();
    samples.push({
      updates: done,
      rssMb: memory.rss / MB,
      heapUsedMb: memory.heapUsed / MB,
      rate: (count / ms) * 1000,
    });
  }
  return { samples, updatesPerSecond: (updates / pathMs) * 1000, gcForced: gc !== undefined };
}

function applyFrame(book: LocalOrderBook, text: string, index: number): void {
  const parsed = parseFrame(text);
  if (parsed.kind !== 'channel' || parsed.message.channel !== 'book') {
    throw new Error(`update ${index}: not a book message (${parsed.kind})`);
  }
  const data = parsed.message.data[0];
  if (data === undefined) throw new Error(`update ${index}: no data`);
  if (parsed.message.type === 'snapshot') book.clear();
  book.apply(data.bids, data.asks);
  const actual = book.checksum();
  if (actual !== data.checksum) {
    throw new Error(`update ${index}: checksum ${actual} ≠ ${data.checksum}`);
  }
}

export function formatSamples(run: BookMemoryRun): string {
  const rows = run.samples.map(
    (s) =>
      `${String(s.updates).padStart(9)}  rss ${s.rssMb.toFixed(1).padStart(7)} MB  heapUsed ${s.heapUsedMb.toFixed(2).padStart(7)} MB  ${Math.round(s.rate).toLocaleString('en-US').padStart(9)} upd/s`,
  );
  return [
    `book path: ${Math.round(run.updatesPerSecond).toLocaleString('en-US')} updates/s overall; gc forced before samples: ${run.gcForced}`,
    ...rows,
  ].join('\n');
}
