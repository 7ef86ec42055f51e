import type { StrategyView, TrackedOrder } from './types.js';

/**
 * True when the strategy has a pending or open order on the pair. Protective orders (a stop resting for a
 * position) do not count: they rest as long as the position does, and would otherwise freeze the strategy.
 */
export function hasOrderOn(view: StrategyView, pair: string): boolean {
  for (const order of view.orders.values())
    if (order.request.pair === pair && order.request.protects === undefined) return true;
  return false;
}

/** The strategy's protective orders on the pair (stops and take-profits resting for its position). */
export function protectionOn(view: StrategyView, pair: string): TrackedOrder[] {
  return [...view.orders.values()].filter(
    (order) => order.request.pair === pair && order.request.protects !== undefined,
  );
}
