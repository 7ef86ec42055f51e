/**
 * The most a sequential add+cancel client can charge in a window, by the documented model: zero latency, every call
 * sent the moment it fits (the add when +1 fits, the cancel when its age-based cost does). A window ends mid-cycle,
 * while a cancel waits for room, so even this client stays short of the allowance by up to a cancel's cost: the
 * ceiling a real contestant's "budget used" is read against.
 */
import type { StubTier } from '../rest-counter-model.js';
import {
  ADD_ORDER_COST,
  cancelOrderCost,
  PairCounter,
  TRADING_COUNTER_LIMITS,
} from '../trading-counter-model.js';

/** Units an ideal sequential add+cancel client charges in `seconds`, from a counter at 0. */
export function idealCycleUnits(tier: StubTier, seconds: number): number {
  const end = seconds * 1000;
  const counter = new PairCounter(TRADING_COUNTER_LIMITS[tier], 0);
  let now = 0;
  let units = 0;
  for (;;) {
    now += counter.msUntilFits(ADD_ORDER_COST, now);
    if (now > end) return units;
    counter.charge(ADD_ORDER_COST, now);
    units += ADD_ORDER_COST;
    const createdAt = now;
    now += counter.msUntilCancelFits(createdAt, now);
    if (now > end) return units;
    const cost = cancelOrderCost(now - createdAt);
    counter.charge(cost, now);
    units += cost;
  }
}
