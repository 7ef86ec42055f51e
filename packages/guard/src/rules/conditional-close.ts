import { GUARD_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { oppositeSide } from '../intent.js';

/**
 * A conditional close (AddOrder `close[ordertype]`, WS v2 `conditional`) is placed by the exchange on each fill of
 * the order: the filled size, on the other side, and from then on an order of its own that may reduce or increase
 * the position. After an order that opens a position it closes that position; after a margin order that reduces
 * (or only may reduce) a position it re-opens one, borrowing from a pool no reservation holds. The guard cannot
 * reserve an order that does not exist yet, so it refuses that case; spot orders borrow nothing either way.
 */
export function conditionalCloseRule(facts: OrderFacts, _ctx: CheckContext, out: ViolationSink): void {
  if (!facts.conditionalClose || !facts.margin || facts.opening || facts.oppositePosition.isZero()) return;
  const close = oppositeSide(facts.side);
  out.push({
    rule: 'conditional-close',
    code: GUARD_CODES.conditionalClose,
    message: `margin ${facts.side} of ${facts.volume.toFixed()} ${facts.pair.base} on ${facts.pair.altname} reduces the open ${close === 'buy' ? 'long' : 'short'} position (${facts.oppositePosition.toFixed()}); its conditional close, a margin ${close} of ${facts.volume.toFixed()} ${facts.pair.base} placed when it fills, would open that position again, borrowing what the guard cannot reserve before the fact: place the close as its own order once this one has filled`,
    field: 'close',
  });
}
