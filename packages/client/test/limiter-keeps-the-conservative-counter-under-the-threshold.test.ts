import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, type KrakenRateLimiter } from '../src/rate-limit/limiter.js';
import { resolveTierLimits, type TierName } from '../src/rate-limit/tiers.js';
import { PRIORITY, type RateTicket } from '../src/rate-limit/types.js';
import { ConservativePairModel, type PairCall } from './support/conservative-pair-model.js';

// Random add/amend/cancel sequences on one pair, one call at a time, against an exchange that refuses ANY call that
// would pass the threshold, single cancels included. With the default setting the limiter never lets the model's
// counter pass the threshold, never holds a call that fits, and when it holds one, lets it go within 2 ms of the
// first moment it fits. With the exchange's reports of its counter fed in as well, it still never passes it.

type Step = { gapMs: number; kind: 'add' | 'amend' | 'cancel'; pick: number; report: boolean };

// Mostly bursts (no gap) so the counter reaches the threshold, now and then a pause long enough to age orders.
const step: fc.Arbitrary<Step> = fc.record({
  gapMs: fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 1_500 }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 60_000 }), weight: 1 },
  ),
  kind: fc.oneof(
    { arbitrary: fc.constant('add' as const), weight: 3 },
    { arbitrary: fc.constant('amend' as const), weight: 1 },
    { arbitrary: fc.constant('cancel' as const), weight: 2 },
  ),
  pick: fc.nat(),
  report: fc.boolean(),
});

const tier = fc.constantFrom<TierName>('starter', 'intermediate', 'pro');

/** Virtual time with the one sleeper a sequential run has at most: `drive` jumps to it. */
class StepClock {
  time = 1_700_000_000_000;
  private sleepers: Array<{ at: number; wake: () => void }> = [];
  readonly now = (): number => this.time;
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.sleepers.push({ at: this.time + Math.max(0, ms), wake: resolve }));

  /** Runs until `done()` holds, jumping from sleeper to sleeper. */
  async drive(done: () => boolean): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done()) return;
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers.shift();
      if (next === undefined) throw new Error('blocked on something other than a sleep');
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
  }
}

const PAIR = 'XBTUSD';

function ticketOf(call: PairCall): RateTicket {
  if (call.kind === 'add') {
    return {
      endpoint: 'AddOrder',
      rate: { kind: 'trading', action: 'add' },
      pair: PAIR,
      priority: PRIORITY.order,
    };
  }
  const action = call.kind;
  return {
    endpoint: action === 'amend' ? 'AmendOrder' : 'CancelOrder',
    rate: { kind: 'trading', action },
    orderIds: [call.id],
    priority: action === 'amend' ? PRIORITY.order : PRIORITY.cancel,
  };
}

interface RunResult {
  refusals: string[];
  overThreshold: number[];
  heldThoughItFit: number[];
  lateBy: number[];
}

async function run(tierName: TierName, steps: readonly Step[], reports: boolean): Promise<RunResult> {
  const clock = new StepClock();
  const limiter: KrakenRateLimiter = createRateLimiter({
    tier: tierName,
    now: clock.now,
    sleep: clock.sleep,
  });
  const { threshold, decayPerSecond } = resolveTierLimits(tierName).trading;
  const model = new ConservativePairModel(threshold, decayPerSecond);
  const result: RunResult = { refusals: [], overThreshold: [], heldThoughItFit: [], lateBy: [] };
  let nextId = 0;
  for (const offered of steps) {
    clock.time += offered.gapMs;
    if (reports && offered.report) limiter.observeRateCounter(PAIR, model.valueAt(clock.now()));
    const open = model.openOrders();
    const call: PairCall =
      offered.kind === 'add' || open.length === 0
        ? { kind: 'add', id: `O${nextId++}` }
        : { kind: offered.kind, id: open[offered.pick % open.length]! };
    const offeredAt = clock.now();
    const fitAtOffer = model.fits(call, offeredAt);
    const ticket = ticketOf(call);
    let sentAt: number | undefined;
    let fitEarlier = false;
    const answered = limiter.run(ticket, async () => {
      sentAt = clock.now();
      // Held: 2 ms before it went, the exchange must still have refused it (no wait longer than needed).
      fitEarlier = !reports && sentAt - 2 > offeredAt && model.fits(call, sentAt - 2);
      const answer = model.submit(call, sentAt);
      if (!answer.ok) result.refusals.push(answer.error);
      if (model.valueAt(sentAt) > threshold) result.overThreshold.push(model.valueAt(sentAt));
      return answer;
    });
    await clock.drive(() => sentAt !== undefined);
    const answer = await answered;
    const at = sentAt ?? offeredAt;
    if (fitAtOffer && at !== offeredAt) result.heldThoughItFit.push(at - offeredAt);
    if (fitEarlier) result.lateBy.push(at - offeredAt);
    limiter.observe(
      ticket,
      !answer.ok
        ? { ok: false, errorCode: answer.error }
        : call.kind === 'add'
          ? { ok: true, created: [{ id: call.id, pair: PAIR }] }
          : call.kind === 'cancel'
            ? { ok: true, closed: [call.id] }
            : { ok: true },
    );
  }
  return result;
}

describe('with single cancels taken to be refused over the threshold', () => {
  it('the limiter never lets the counter pass it, never holds a call that fits, and holds none longer than needed', async () => {
    await fc.assert(
      fc.asyncProperty(
        tier,
        fc.array(step, { minLength: 1, maxLength: 400, size: 'max' }),
        async (tierName, steps) => {
          const result = await run(tierName, steps, false);
          expect(result.refusals).toEqual([]);
          expect(result.overThreshold).toEqual([]);
          expect(result.heldThoughItFit).toEqual([]);
          expect(result.lateBy).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('with the exchange reporting its counter now and then, the limiter still never lets it pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        tier,
        fc.array(step, { minLength: 1, maxLength: 400, size: 'max' }),
        async (tierName, steps) => {
          const result = await run(tierName, steps, true);
          expect(result.refusals).toEqual([]);
          expect(result.overThreshold).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });
});
