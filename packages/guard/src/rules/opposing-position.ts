import { KRAKEN_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * A margin order opposite to an open position reduces it (FIFO). One larger than the position would open an
 * opposing position, which Kraken refuses: `EOrder:Cannot open opposing position`.
 */
export function opposingPositionRule(facts: OrderFacts, _ctx: CheckContext, out: ViolationSink): void {
  if (!facts.opposing) return;
  const held = facts.side === 'buy' ? 'short' : 'long';
  // An amended order is judged by what it still has to fill (what it filled has already reduced the position).
  const amend = facts.replacing !== undefined;
  const size = amend ? facts.remaining : facts.volume;
  out.push({
    rule: 'opposing-position',
    code: KRAKEN_CODES.cannotOpenOpposingPosition,
    message: `margin ${facts.side} of ${size.toFixed()} ${facts.pair.base}${amend ? ' left to fill' : ''} on ${facts.pair.altname} is larger than the open ${held} position (${facts.oppositePosition.toFixed()}): it would open an opposing position; reduce by at most ${facts.oppositePosition.toFixed()} or flag it reduce-only`,
    limit: facts.oppositePosition.toFixed(),
    requested: size.toFixed(),
    currency: facts.pair.base,
    field: 'volume',
  });
}
