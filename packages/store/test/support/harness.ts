import type { StateStore } from '@krakenkit/core/store';
import { waitUntil } from '@krakenkit/test-support';

/** A store under test and how time moves for it. */
export interface StoreUnderTest {
  store: StateStore;
  /** Moves the store's clock (memory and file stores take an injected clock); absent when time is real (Redis). */
  advance?: (ms: number) => void;
}

/** Makes a fresh, empty store for one test; `cleanup` runs after the test. */
export interface StoreFactory {
  /** What the suite says it runs on. */
  name: string;
  make(): Promise<StoreUnderTest>;
  /** Whether the store's clock can be moved by the test (memory and file: an injected clock). */
  fakeTime: boolean;
  /** Options for `describe` (Redis: skipped with a reason when it is not reachable). */
  suiteOptions?: { skip?: boolean; meta?: { skipReason?: string } };
  cleanup?: () => Promise<void>;
}

/** A fake epoch-ms clock for the stores that take one. */
export function fakeClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

/**
 * Waits until `check` holds after `ms` of the store's time: on a fake clock it moves the clock by `ms` and asks
 * once; on a real clock it asks until the store's own clock got there (never a fixed sleep).
 */
export async function afterTime(
  subject: StoreUnderTest,
  ms: number,
  check: () => Promise<boolean>,
  what: string,
): Promise<void> {
  if (subject.advance !== undefined) {
    subject.advance(ms);
    if (!(await check())) throw new Error(`after ${ms} ms, still not: ${what}`);
    return;
  }
  await waitUntil(check, what);
}

/** Lets some of the store's time pass: a fake clock moves; a real one moves by itself. */
export function tick(subject: StoreUnderTest, ms = 1): void {
  subject.advance?.(ms);
}

/** Unique names per test, so one store may serve many runs of a property. */
let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
