import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { oppositeSide } from '../intent.js';

/**
 * Reduce-only markets (AssetPairs status reduce_only; every KEEP market): only a margin (or reduce-only) order
 * opposite to an open position and no larger than it passes; anything else is refused, spot orders included.
 * Both strings are configurable (`codes:`); "Cannot increase position" is UNCONFIRMED.
 */
export function reduceOnlyMarketRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const { pair } = facts;
  if (pair.status !== 'reduce_only' || reducesWithin(facts)) return;
  const { codes } = ctx.rules;
  const sameSide = ctx.state.exposure.pair(pair.id)?.positionVolume[facts.side];
  if (facts.oppositePosition.isZero() && (sameSide === undefined || sameSide.isZero())) {
    out.push({
      rule: 'reduce-only-market',
      code: codes.reduceOnlyNoPosition,
      message: `${pair.altname} is reduce-only and there is no open position on it to reduce`,
    });
    return;
  }
  out.push({
    rule: 'reduce-only-market',
    code: codes.reduceOnlyCannotIncrease,
    message: `${pair.altname} is reduce-only: ${howToReduce(facts)}; this ${describe(facts)} would not reduce the position`,
    limit: facts.oppositePosition.toFixed(),
    requested: facts.volume.toFixed(),
    currency: pair.base,
  });
}

// Stricter than the reduce_only flag elsewhere: here even a reduce-only order may not exceed the position.
function reducesWithin(facts: OrderFacts): boolean {
  return facts.reducing && facts.volume.lte(facts.oppositePosition);
}

function howToReduce(facts: OrderFacts): string {
  const held = positionWord(oppositeSide(facts.side));
  if (facts.oppositePosition.isZero()) {
    return `the open position is ${positionWord(facts.side)}, so only a ${oppositeSide(facts.side)} can reduce it`;
  }
  return `only a margin or reduce-only ${facts.side} of at most ${facts.oppositePosition.toFixed()} ${facts.pair.base} reduces the open ${held} position`;
}

function positionWord(side: 'buy' | 'sell'): string {
  return side === 'buy' ? 'long' : 'short';
}

function describe(facts: OrderFacts): string {
  const kind = facts.margin ? 'margin' : 'spot';
  return `${kind} ${facts.side} of ${facts.volume.toFixed()}`;
}
