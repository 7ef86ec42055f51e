import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import { RestCounter } from '../src/rate-limit/rest-counter.js';
import { KRAKEN_TIER_LIMITS, type TierName } from '../src/rate-limit/tiers.js';
import { PRIORITY, type RateTicket } from '../src/rate-limit/types.js';

const T0 = 1_700_000_000_000;

/** A limiter whose clock the test moves and whose waits jump the clock: one sequential flow, no timers. */
function limiterOnJumpingClock(tier: TierName) {
  const clock = { now: T0 };
  const limiter = createRateLimiter({
    tier,
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += ms;
    },
  });
  return { clock, limiter };
}

// Kraken charges a call when it ARRIVES; the limiter charges it when it lets it go. Between the two lie the
// key's lane (calls wait for the one ahead) and the network. Found by the chaos soak: a call sent the moment the
// local count said it fit arrived over the max (`EAPI:Rate limit exceeded`), because the call before it had
// arrived late and Kraken's count of it had decayed less than the local one.

/** Kraken's side: c ← max(0, c − d·Δt); accepted iff c + k ≤ max. */
class ExchangeCounter {
  value = 0;
  at = T0;
  constructor(
    readonly max: number,
    readonly decay: number,
  ) {}
  arrive(cost: number, now: number): boolean {
    this.value = Math.max(0, this.value - (this.decay * (now - this.at)) / 1000);
    this.at = now;
    if (this.value + cost > this.max + 1e-9) return false;
    this.value += cost;
    return true;
  }
}

const ticket = (cost: 1 | 'history'): RateTicket => ({
  endpoint: cost === 1 ? 'Balance' : 'ClosedOrders',
  rate: { kind: 'rest', cost },
  priority: PRIORITY.query,
});

describe('the limiter and calls that arrive after they were charged', () => {
  it('puts back the decay credited while the call was on its way to an empty counter, at most its cost', () => {
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    counter.tryCharge(20, T0);
    // Answer 3 s later: locally 17 left, but Kraken may have charged it just now: 20 − 0 at worst.
    counter.settleFlight(20, 0, T0, T0 + 3_000);
    expect(counter.valueAt(T0 + 3_000)).toBe(20);
    const small = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    small.tryCharge(1, T0);
    small.tryCharge(4, T0);
    small.settleFlight(1, 0, T0, T0 + 10_000);
    // The credit is capped at the call's cost (1), not the 10 units of decay.
    expect(small.valueAt(T0 + 10_000)).toBe(1);
  });

  it('puts nothing back for a call charged on a counter that stayed above zero during its flight', () => {
    // Both counts decay alike while above zero: once the call has arrived they agree without a correction.
    const { decayPerSecond } = KRAKEN_TIER_LIMITS.pro.rest;
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    counter.tryCharge(10, T0);
    counter.tryCharge(1, T0);
    counter.settleFlight(1, 10, T0, T0 + 2_000);
    expect(counter.valueAt(T0 + 2_000)).toBeCloseTo(11 - 2 * decayPerSecond, 9);
    // Only the part of the flight's decay the count did not have is put back: 0.5 of 2 s × 1/s here.
    const low = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    low.tryCharge(1.5, T0);
    low.tryCharge(1, T0);
    low.settleFlight(1, 1.5, T0, T0 + 2_000);
    expect(low.valueAt(T0 + 2_000)).toBeCloseTo(2.5 - 2 * decayPerSecond + (2 * decayPerSecond - 1.5), 9);
  });

  it('keeps the local count within the calls in flight of Kraken’s on a counter kept full (no drift upward)', async () => {
    // A limiter that always has a call ready keeps the counter at its max: the local count must not creep above
    // Kraken's by the flights' decay, or it sends ever less than the budget allows.
    const { clock, limiter } = limiterOnJumpingClock('intermediate');
    const { max, decayPerSecond } = KRAKEN_TIER_LIMITS.intermediate.rest;
    const exchange = new ExchangeCounter(max, decayPerSecond);
    const start = clock.now;
    let accepted = 0;
    for (let call = 0; call < 400; call += 1) {
      const t = ticket(1);
      const ok = await limiter.run(t, async () => {
        clock.now += 40;
        const arrived = exchange.arrive(1, clock.now);
        clock.now += 40;
        return arrived;
      });
      limiter.observe(t, ok ? { ok: true } : { ok: false, errorCode: 'EAPI:Rate limit exceeded' });
      expect(ok).toBe(true);
      accepted += 1;
    }
    // Every unit the budget offered was used: the max at the start plus the decay since, less what the last
    // call's flight leaves unspent.
    const offered = max + (decayPerSecond * (clock.now - start)) / 1000;
    expect(accepted).toBeGreaterThan(offered - 2);
  });

  it('never lets a call go that Kraken, counting on arrival, would refuse (one call in flight at a time)', async () => {
    const tiers = fc.constantFrom<TierName>('starter', 'intermediate', 'pro');
    const calls = fc.array(
      fc.record({
        history: fc.boolean(),
        // ms from the limiter's go to arrival, and from arrival to the answer
        toArrival: fc.integer({ min: 0, max: 3_000 }),
        toAnswer: fc.integer({ min: 0, max: 500 }),
        pause: fc.integer({ min: 0, max: 4_000 }),
      }),
      { minLength: 1, maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(tiers, calls, async (tier, plan) => {
        const { clock, limiter } = limiterOnJumpingClock(tier);
        const { max, decayPerSecond } = KRAKEN_TIER_LIMITS[tier].rest;
        const exchange = new ExchangeCounter(max, decayPerSecond);
        for (const call of plan) {
          const t = ticket(call.history ? 'history' : 1);
          const cost = call.history ? 4 : 1;
          const accepted = await limiter.run(t, async () => {
            clock.now += call.toArrival;
            const ok = exchange.arrive(cost, clock.now);
            clock.now += call.toAnswer;
            return ok;
          });
          limiter.observe(t, accepted ? { ok: true } : { ok: false, errorCode: 'EAPI:Rate limit exceeded' });
          expect(accepted).toBe(true);
          clock.now += call.pause;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never lets an add go that the matching engine, counting on arrival, would refuse', async () => {
    const tiers = fc.constantFrom<TierName>('starter', 'intermediate', 'pro');
    const calls = fc.array(
      fc.record({
        toArrival: fc.integer({ min: 0, max: 200 }),
        toAnswer: fc.integer({ min: 0, max: 40 }),
        pause: fc.constantFrom(0, 0, 0, 50),
      }),
      // Enough adds, fast enough, to fill the threshold of every tier.
      { minLength: 300, maxLength: 400 },
    );
    await fc.assert(
      fc.asyncProperty(tiers, calls, async (tier, plan) => {
        const { clock, limiter } = limiterOnJumpingClock(tier);
        const { threshold, decayPerSecond } = KRAKEN_TIER_LIMITS[tier].trading;
        const engine = new ExchangeCounter(threshold, decayPerSecond);
        for (const call of plan) {
          const add: RateTicket = {
            endpoint: 'AddOrder',
            rate: { kind: 'trading', action: 'add' },
            pair: 'XBTUSD',
            priority: PRIORITY.order,
          };
          const accepted = await limiter.run(add, async () => {
            clock.now += call.toArrival;
            const ok = engine.arrive(1, clock.now);
            clock.now += call.toAnswer;
            return ok;
          });
          limiter.observe(
            add,
            accepted ? { ok: true } : { ok: false, errorCode: 'EOrder:Rate limit exceeded' },
          );
          expect(accepted).toBe(true);
          clock.now += call.pause;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never lets a call go that Kraken would refuse with several calls in flight, arriving in any order', async () => {
    // Calls are sent without waiting for the one before: each arrives after its own delay, so later calls may
    // overtake earlier ones; the limiter hears each answer only when it comes back.
    const tiers = fc.constantFrom<TierName>('starter', 'intermediate', 'pro');
    const kinds = fc.constantFrom('rest', 'add');
    const calls = fc.array(
      fc.record({
        toArrival: fc.constantFrom(0, 5, 50, 400, 1_500, 3_000),
        toAnswer: fc.integer({ min: 0, max: 300 }),
        pause: fc.constantFrom(0, 0, 0, 10, 200, 3_000, 30_000),
      }),
      { minLength: 1, maxLength: 200 },
    );
    await fc.assert(
      fc.asyncProperty(tiers, kinds, calls, async (tier, kind, plan) => {
        const clock = { now: T0 };
        const events: Array<{ at: number; run: () => void }> = [];
        // Runs what happens on the exchange and in the answers up to `until`, in time order.
        const advance = (until: number) => {
          for (;;) {
            events.sort((a, b) => a.at - b.at);
            const next = events[0];
            if (next === undefined || next.at > until) break;
            events.shift();
            clock.now = Math.max(clock.now, next.at);
            next.run();
          }
          clock.now = Math.max(clock.now, until);
        };
        const limiter = createRateLimiter({
          tier,
          now: () => clock.now,
          sleep: async (ms) => advance(clock.now + ms),
        });
        const limits = KRAKEN_TIER_LIMITS[tier];
        const exchange =
          kind === 'rest'
            ? new ExchangeCounter(limits.rest.max, limits.rest.decayPerSecond)
            : new ExchangeCounter(limits.trading.threshold, limits.trading.decayPerSecond);
        const refused: number[] = [];
        for (const [index, call] of plan.entries()) {
          const t: RateTicket =
            kind === 'rest'
              ? ticket(1)
              : {
                  endpoint: 'AddOrder',
                  rate: { kind: 'trading', action: 'add' },
                  pair: 'XBTUSD',
                  priority: PRIORITY.order,
                };
          await limiter.run(t, async () => {
            const sentAt = clock.now;
            events.push({
              at: sentAt + call.toArrival,
              run: () => {
                const ok = exchange.arrive(1, clock.now);
                if (!ok) refused.push(index);
                events.push({
                  at: clock.now + call.toAnswer,
                  run: () =>
                    limiter.observe(
                      t,
                      ok ? { ok: true } : { ok: false, errorCode: 'EAPI:Rate limit exceeded' },
                    ),
                });
              },
            });
          });
          advance(clock.now + call.pause);
        }
        advance(clock.now + 10_000);
        expect(refused).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});
