/**
 * Every order the limiter lets go at once takes a short path (`chargeAddAtOnce`) instead of a reservation. These
 * tests run the same random sequences of adds, cancels, amends and answers through both, side by side on two
 * limiter states, and hold them to the same decisions and the same counts: when the short path refuses an add (a
 * line is busy, a throttle, no room) it charges nothing, and when it takes one it charges and records exactly what
 * a reservation's commit would have.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchingEngine } from '../src/rate-limit/matching-engine.js';
import {
  chargeAddAtOnce,
  type LimiterState,
  reserve,
  settleInFlight,
} from '../src/rate-limit/reservation.js';
import { RestCounter } from '../src/rate-limit/rest-counter.js';
import { Throttle } from '../src/rate-limit/throttle.js';
import { resolveTierLimits } from '../src/rate-limit/tiers.js';
import type { RateTicket } from '../src/rate-limit/types.js';
import { add, amend, cancel } from './support/limiter-harness.js';

const T0 = 1_700_000_000_000;

function stateOf(enforceOpenOrders: boolean): LimiterState {
  // A low threshold, so that random sequences often find a pair's counter full.
  const limits = resolveTierLimits('starter', { trading: { threshold: 8 } });
  return {
    rest: new RestCounter(limits.rest),
    restReserve: 0,
    engine: new MatchingEngine(limits.trading),
    throttle: new Throttle(),
    enforceOpenOrders,
    inFlight: new WeakMap(),
    restInFlight: new WeakMap(),
  };
}

type Step =
  | { kind: 'add'; pair: string; busy: boolean; dt: number }
  | { kind: 'cancel' | 'amend'; order: number; dt: number }
  | { kind: 'answer'; dt: number }
  | { kind: 'throttle'; ms: number; dt: number };

const PAIRS = ['XBTUSD', 'XBT/USD', 'ETHUSD'];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      pair: fc.constantFrom(...PAIRS),
      busy: fc.boolean(),
      dt: fc.integer({ min: 0, max: 700 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('cancel' as const, 'amend' as const),
      order: fc.nat(40),
      dt: fc.integer({ min: 0, max: 900 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('answer' as const), dt: fc.integer({ min: 0, max: 400 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('throttle' as const),
      ms: fc.integer({ min: 1, max: 3_000 }),
      dt: fc.nat(50),
    }),
  },
);

/** What a reservation decides for an add now: charged (as `run` would at once) or not. */
function reserveAndCommit(state: LimiterState, ticket: RateTicket, now: number, busy: boolean): boolean {
  const reservation = reserve(state, ticket, now);
  if (busy || reservation.blocker(now) !== undefined) return false;
  reservation.commit(now);
  return true;
}

describe('the short add path', () => {
  it('decides and charges every add exactly as a reservation does, through cancels, amends and answers', () => {
    // Runs in which some add found no room, the case where the two paths could part.
    let fullCounters = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), fc.boolean(), (steps, enforce) => {
        const short = stateOf(enforce);
        const general = stateOf(enforce);
        let now = T0;
        let serial = 0;
        let refused = 0;
        const sent: Array<{ ticketShort: RateTicket; ticketGeneral: RateTicket; id: string; pair: string }> =
          [];
        for (const next of steps) {
          now += next.dt;
          if (next.kind === 'add') {
            const ticketShort = add(next.pair);
            const ticketGeneral = add(next.pair);
            const taken = chargeAddAtOnce(short, ticketShort, next.pair, now, () => !next.busy);
            // Refused by the short path, the call goes to a reservation, as `run` does.
            const decided = taken || reserveAndCommit(short, ticketShort, now, next.busy);
            expect(decided).toBe(reserveAndCommit(general, ticketGeneral, now, next.busy));
            if (decided) sent.push({ ticketShort, ticketGeneral, id: `O${serial++}`, pair: next.pair });
            else if (!next.busy) refused += 1;
          } else if (next.kind === 'answer') {
            const call = sent.shift();
            if (call === undefined) continue;
            for (const [state, ticket] of [
              [short, call.ticketShort],
              [general, call.ticketGeneral],
            ] as const) {
              const inFlight = settleInFlight(state, ticket, now);
              if (inFlight)
                state.engine.settleFlight(
                  inFlight.pairs,
                  inFlight.costs,
                  inFlight.levelsBefore,
                  inFlight.at,
                  now,
                );
              state.engine.observeSuccess(
                ticket,
                'add',
                { created: [{ id: call.id, pair: call.pair }] },
                now,
              );
            }
          } else if (next.kind === 'throttle') {
            short.throttle.holdUntil(now + next.ms);
            general.throttle.holdUntil(now + next.ms);
          } else {
            const ticket = next.kind === 'cancel' ? cancel(`O${next.order}`) : amend(`O${next.order}`);
            expect(reserveAndCommit(short, ticket, now, false)).toBe(
              reserveAndCommit(general, { ...ticket }, now, false),
            );
          }
          for (const pair of ['XBTUSD', 'ETHUSD']) {
            expect(short.engine.counterValue(pair, now)).toBe(general.engine.counterValue(pair, now));
            expect(short.engine.registry.openOrders(pair)).toBe(general.engine.registry.openOrders(pair));
          }
        }
        for (const call of sent) {
          expect(short.inFlight.get(call.ticketShort)).toEqual(general.inFlight.get(call.ticketGeneral));
        }
        if (refused > 0) fullCounters += 1;
      }),
      { numRuns: 300 },
    );
    expect(fullCounters).toBeGreaterThan(20);
  });

  it('leaves an add it refuses uncharged', () => {
    const state = stateOf(false);
    const ticket = add('XBTUSD');
    expect(chargeAddAtOnce(state, ticket, 'XBTUSD', T0, () => false)).toBe(false);
    state.throttle.holdUntil(T0 + 1_000);
    expect(chargeAddAtOnce(state, ticket, 'XBTUSD', T0, () => true)).toBe(false);
    expect(state.engine.counterValue('XBTUSD', T0)).toBe(0);
    expect(state.inFlight.get(ticket)).toBeUndefined();
  });
});
