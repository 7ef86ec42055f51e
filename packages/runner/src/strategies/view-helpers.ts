import type { StrategyView } from './types.js';

/** True when the strategy has a pending or open order on the pair. */
export function hasOrderOn(view: StrategyView, pair: string): boolean {
  for (const order of view.orders.values()) if (order.request.pair === pair) return true;
  return false;
}
