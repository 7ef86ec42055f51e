import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { oppositeSide } from '../intent.js';

/**
 * An order flagged reduce_only must face an open position on the pair (`EOrder:Reduce only:No position exists`).
 * One larger than the position is accepted: Kraken fills up to the position and cancels the rest.
 */
export function reduceOnlyOrderRule(facts: OrderFacts, _ctx: CheckContext, out: ViolationSink): void {
  // On a reduce-only market the market rule already says this; one violation per cause.
  if (!facts.reduceOnly || facts.pair.status === 'reduce_only' || facts.oppositePosition.gt(0)) return;
  out.push({
    rule: 'reduce-only-order',
    code: KRAKEN_CODES.reduceOnlyNoPosition,
    message: `reduce-only ${facts.side} on ${facts.pair.altname}: there is no open ${positionWord(oppositeSide(facts.side))} position to reduce`,
    field: 'reduceOnly',
  });
}

function positionWord(side: 'buy' | 'sell'): string {
  return side === 'buy' ? 'long' : 'short';
}
