import { describe, expect, it } from 'vitest';
import { MatchingEngine } from '../src/rate-limit/matching-engine.js';
import { type LimiterState, reserve } from '../src/rate-limit/reservation.js';
import { RestCounter } from '../src/rate-limit/rest-counter.js';
import { Throttle } from '../src/rate-limit/throttle.js';
import { resolveTierLimits } from '../src/rate-limit/tiers.js';
import { agedCost } from '../src/rate-limit/trading-costs.js';
import { add, amend, cancel } from './support/limiter-harness.js';

// A trading call's plan (its pairs and costs) is made once and reused while nothing it depends on changed, so a
// call that goes at once plans once. "Nothing changed" is not "the same millisecond": an amend sent, or an answer
// observed, in that very millisecond makes the order young again, and the call must then pay the young price.

const T0 = 1_700_000_000_000;

function stateOf(): LimiterState {
  const limits = resolveTierLimits('starter');
  return {
    rest: new RestCounter(limits.rest),
    restReserve: 0,
    engine: new MatchingEngine(limits.trading),
    throttle: new Throttle(),
    enforceOpenOrders: false,
    inFlight: new WeakMap(),
    restInFlight: new WeakMap(),
  };
}

describe("a trading call's plan", () => {
  it('is made again when its order was amended in the same millisecond, so the call pays the young price', () => {
    const state = stateOf();
    state.engine.registry.add({ id: 'O1', pair: 'XBTUSD' }, T0);
    const now = T0 + 12_000; // O1 is 12 s old: an amend costs 1 + 1
    const reservation = reserve(state, amend('O1'), now);
    // In the same millisecond, another amend of O1 is sent: O1 is young again.
    state.engine.registry.touch('O1', now);
    expect(reservation.blocker(now)).toBeUndefined();
    reservation.commit(now);
    expect(state.engine.counterValue('XBTUSD', now)).toBe(agedCost('amend', 0));
    expect(agedCost('amend', 0)).toBeGreaterThan(agedCost('amend', 12_000));
  });

  it('is made again when its order closed in the same millisecond, so the cancel is charged the worst case', () => {
    const state = stateOf();
    const placed = reserve(state, add('XBTUSD'), T0);
    placed.commit(T0);
    state.engine.registry.add({ id: 'O1', pair: 'XBTUSD' }, T0);
    const now = T0 + 400_000; // O1 is old: cancelling it costs nothing; the add's charge has decayed
    const reservation = reserve(state, cancel('O1', 'O2'), now);
    // In the same millisecond, O1 is reported filled: the registry forgets it.
    state.engine.registry.close('O1');
    reservation.commit(now);
    // Neither O1 nor O2 is known now: both are charged the worst case, on the one pair the limiter counts.
    expect(state.engine.counterValue('XBTUSD', now)).toBe(2 * agedCost('cancel', 0));
  });

  it('is reused while nothing changed, so a call admitted at once is charged what it was planned at', () => {
    const state = stateOf();
    state.engine.registry.add({ id: 'O1', pair: 'XBTUSD' }, T0);
    const now = T0 + 7_000;
    const reservation = reserve(state, amend('O1'), now);
    expect(reservation.lane).toBe('pair:XBTUSD');
    expect(reservation.blocker(now)).toBeUndefined();
    reservation.commit(now);
    expect(state.engine.counterValue('XBTUSD', now)).toBe(agedCost('amend', 7_000));
  });
});
