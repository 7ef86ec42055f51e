/**
 * The schedule that journals order answers no store step took along: once right after the caller's turn, and
 * after a failure again and again, each pause twice the last (up to 30 s), until one lands or nothing waits.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutcomeFlushSchedule } from '../src/shared/outcome-flush-schedule.js';
import type { PendingOutcome } from '../src/shared/pending-outcomes.js';

const ANSWER = {} as PendingOutcome;

/** A target whose first `failures` flushes fail; records when each flush ran (fake ms). */
function target(failures: number, firstRetryMs = 500) {
  const flushedAt: number[] = [];
  let left = failures;
  let pending = true;
  return {
    flushedAt,
    done: () => {
      pending = false;
    },
    pending: () => (pending ? [ANSWER] : []),
    waiting: () => pending,
    flush: async () => {
      flushedAt.push(Date.now());
      if (left > 0) {
        left -= 1;
        throw new Error('store unavailable');
      }
      pending = false;
    },
    firstRetryMs,
  };
}

describe('journaling answers no step took along', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'Date'], now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries once after the turn, then after 500, 1,000, 2,000 ms... until a commit lands', async () => {
    const t = target(3);
    new OutcomeFlushSchedule(t).soon();
    await vi.runAllTimersAsync();
    expect(t.flushedAt).toEqual([0, 500, 1_500, 3_500]);
    expect(t.waiting()).toBe(false);
  });

  it('never waits more than 30 s between tries', async () => {
    const t = target(10, 10_000);
    new OutcomeFlushSchedule(t).soon();
    await vi.runAllTimersAsync();
    const pauses = t.flushedAt.slice(1).map((at, i) => at - (t.flushedAt[i] as number));
    expect(pauses).toEqual([10_000, 20_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('stops trying once nothing waits (a later step carried the answers)', async () => {
    const t = target(5);
    new OutcomeFlushSchedule(t).soon();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.flushedAt).toEqual([0]);
    t.done();
    await vi.runAllTimersAsync();
    expect(t.flushedAt).toEqual([0]);
  });

  it('asks once per turn however many answers come in it', async () => {
    const t = target(0);
    const schedule = new OutcomeFlushSchedule(t);
    schedule.soon();
    schedule.soon();
    schedule.soon();
    await vi.runAllTimersAsync();
    expect(t.flushedAt).toEqual([0]);
  });
});
