import { describe, expect, it } from 'vitest';
import { formatSamples, runBookMemory } from './support/fuzz-book-memory.js';

// The CI-sized run: 200,000 updates (the full 1,000,000-update run is packages/client/bench/book-memory.bench.ts,
// which takes ~15 s). Frames are real v2 text; every update's checksum is verified, so the book is right throughout.
const UPDATES = 200_000;
const EVERY = 25_000;
const WARM_UP = 50_000;

describe('the WebSocket book path keeps memory flat', () => {
  it(`${UPDATES.toLocaleString('en-US')} updates: after warm-up, heapUsed and RSS stop growing`, () => {
    const run = runBookMemory(UPDATES, EVERY);
    console.info(formatSamples(run));
    const warm = run.samples.filter((sample) => sample.updates >= WARM_UP);
    const base = warm[0];
    expect(base).toBeDefined();
    if (base === undefined) return;
    const heapGrowth = Math.max(...warm.map((s) => s.heapUsedMb)) - base.heapUsedMb;
    const rssGrowth = Math.max(...warm.map((s) => s.rssMb)) - base.rssMb;
    // With a forced GC heapUsed is exact enough for a tight bound; without one only a generous RSS bound holds.
    if (run.gcForced) expect(heapGrowth).toBeLessThan(2);
    expect(rssGrowth).toBeLessThan(run.gcForced ? 64 : 128);
  });
});
