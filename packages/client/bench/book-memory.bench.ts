/**
 * Memory of a long WebSocket book run: 1,000,000 `book` updates through the client's path (text frame →
 * parseFrame → LocalOrderBook.apply → CRC32 checksum, each verified), RSS and heapUsed sampled every 100,000
 * updates after a forced GC. Prints the samples, the growth after the warm-up (first 200,000) and the path's
 * updates per second (frame generation excluded). The CI-sized check is test/book-memory-stays-flat.test.ts.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/client/bench/book-memory.bench.ts
 */
import { formatSamples, runBookMemory } from '../../../test/support/fuzz-book-memory.js';

const UPDATES = Number(process.env['BOOK_UPDATES'] ?? 1_000_000);
const EVERY = 100_000;
const WARM_UP = 200_000;

const run = runBookMemory(UPDATES, EVERY);
console.log(formatSamples(run));
const warm = run.samples.filter((sample) => sample.updates >= WARM_UP);
const base = warm[0];
if (base !== undefined) {
  const heap = Math.max(...warm.map((s) => s.heapUsedMb)) - base.heapUsedMb;
  const rss = Math.max(...warm.map((s) => s.rssMb)) - base.rssMb;
  console.log(
    `after warm-up (${WARM_UP.toLocaleString('en-US')}): heapUsed +${heap.toFixed(2)} MB, RSS +${rss.toFixed(1)} MB`,
  );
}
