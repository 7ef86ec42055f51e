import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyLane } from '../src/client/key-lane.js';
import { compareNonces, createClockNonceSource, NonceError } from '../src/nonce/index.js';
import type { NonceSource } from '../src/nonce/types.js';

/** A clock that walks through the given steps (ms), which may go backwards. */
function steppingClock(start: number, steps: readonly number[]): () => number {
  let now = start;
  let index = 0;
  return () => {
    now += steps[index % steps.length] ?? 0;
    index += 1;
    return now;
  };
}

function assertStrictlyIncreasing(nonces: readonly string[]): void {
  const firstBreak = nonces.findIndex(
    (nonce, i) => i > 0 && compareNonces(nonce, nonces[i - 1] as string) <= 0,
  );
  expect(firstBreak, `nonce ${nonces[firstBreak]} after ${nonces[firstBreak - 1]}`).toBe(-1);
}

describe('clock nonce source', () => {
  it('is strictly increasing whatever the clock does, backwards steps included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.array(fc.integer({ min: -3_600_000, max: 5_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 3_000 }),
        (start, steps, calls) => {
          const source = createClockNonceSource({ now: steppingClock(start, steps) });
          const nonces = Array.from({ length: calls }, () => source.next());
          assertStrictlyIncreasing(nonces);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('has microsecond resolution, follows the clock and stays a safe JSON integer', () => {
    let now = 1_700_000_000_123;
    const source = createClockNonceSource({ now: () => now });
    expect(source.next()).toBe('1700000000123000');
    expect(source.next()).toBe('1700000000123001');
    now += 1;
    expect(source.next()).toBe('1700000000124000');
    now -= 10_000; // clock steps back 10 s: keep counting instead of going back
    expect(source.next()).toBe('1700000000124001');
    const value = Number(source.next());
    expect(Number.isSafeInteger(value)).toBe(true);
    expect(JSON.parse(JSON.stringify({ nonce: value })).nonce).toBe(value);
  });

  it('starts above a given floor even when the clock is behind it', () => {
    const source = createClockNonceSource({ now: () => 1_000, after: '5000000000000000' });
    expect(source.next()).toBe('5000000000000001');
  });

  it('refuses a floor beyond 2^53 (a key used with finer nonces)', () => {
    expect(() => createClockNonceSource({ after: '1700000000000000000' })).toThrow(NonceError);
  });
});

describe('nonces under concurrency (key lane)', () => {
  it('hands strictly increasing nonces to calls in the order they started, for any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 8 }),
        async (scheduler, calls, window) => {
          // An async source whose answers are delayed by the scheduler, and transports that finish in any order.
          const clock = createClockNonceSource({ now: () => 1_700_000_000_000 });
          const source: NonceSource = { next: () => scheduler.schedule(Promise.resolve(clock.next())) };
          const lane = createKeyLane(source, window);
          const started: string[] = [];
          const results = Array.from({ length: calls }, () =>
            lane.run((nonce) => {
              started.push(nonce);
              return scheduler.schedule(Promise.resolve(nonce));
            }),
          );
          await scheduler.waitFor(Promise.all(results));
          const returned = await Promise.all(results);
          expect(started).toHaveLength(calls);
          assertStrictlyIncreasing(started);
          // The i-th call got the i-th nonce: FIFO.
          expect(returned).toEqual(started);
          expect(new Set(started).size).toBe(calls);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never has more than one call in flight with nonce window 0', async () => {
    const lane = createKeyLane(createClockNonceSource(), 0);
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        lane.run(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('with a nonce window keeps the nonces in flight within the window', async () => {
    const window = 5;
    let now = 1_700_000_000_000;
    const clock = createClockNonceSource({ now: () => now });
    const lane = createKeyLane(clock, window);
    const inFlight = new Set<number>();
    let widest = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        lane.run(async (nonce) => {
          if (i % 7 === 0) now += 1; // the clock moves now and then: nonces jump by 1000
          const value = Number(nonce); // µs nonces are safe integers
          inFlight.add(value);
          most = Math.max(most, inFlight.size);
          widest = Math.max(widest, Math.max(...inFlight) - Math.min(...inFlight));
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 3));
          inFlight.delete(value);
        }),
      ),
    );
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(window);
    expect(widest).toBeLessThanOrEqual(window);
  });

  it('refuses a source that goes backwards before anything is sent', async () => {
    const values = ['10', '9'];
    const lane = createKeyLane({ next: () => values.shift() ?? '0' });
    let sends = 0;
    await lane.run(async () => {
      sends += 1;
    });
    await expect(
      lane.run(async () => {
        sends += 1;
      }),
    ).rejects.toBeInstanceOf(NonceError);
    expect(sends).toBe(1);
  });

  it('drops a call aborted while it waits, without sending it', async () => {
    const lane = createKeyLane(createClockNonceSource());
    let release: () => void = () => {};
    const first = lane.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let secondSent = false;
    const second = lane.run(async () => {
      secondSent = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ sent: false });
    release();
    await first;
    expect(secondSent).toBe(false);
  });
});
