import { describeValue } from '@krakenkit/core';
import { GUARD_CODES } from '../codes.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { isTradingState } from '../state/trading-state.js';

/**
 * The kill switch and the guard's own view of its state. HALTED refuses everything but cancels; REDUCING lets
 * through only orders that reduce an open position; a state the guard cannot vouch for (an unknown trading state,
 * an account never seeded, or seeded exposure on pairs it cannot price) refuses everything: fail closed.
 * `facts` is undefined when the order could not be understood; REDUCING then refuses it too.
 */
export function tradingStateRule(facts: OrderFacts | undefined, ctx: CheckContext, out: ViolationSink): void {
  if (!stateIsKnown(ctx, out)) return;
  const { tradingState, tradingStateReason } = ctx.state;
  const why = tradingStateReason === '' ? '' : ` (${tradingStateReason})`;
  if (tradingState === 'HALTED') {
    out.push({
      rule: 'trading-state',
      code: GUARD_CODES.tradingHalted,
      message: `trading is HALTED${why}: only cancels pass`,
    });
  } else if (tradingState === 'REDUCING' && facts?.onlyReduces !== true) {
    const opposite = facts === undefined ? '' : ` (${oppositeOf(facts)})`;
    out.push({
      rule: 'trading-state',
      code: GUARD_CODES.reducingOnly,
      message: `trading is REDUCING${why}: only orders that reduce an open position pass, and this one does not${opposite}`,
    });
  }
}

function oppositeOf(facts: OrderFacts): string {
  const closing = facts.oppositeClosing.gt(0)
    ? `, ${facts.oppositeClosing.toFixed()} of it already being closed by open orders`
    : '';
  return `open opposite position: ${facts.oppositePosition.toFixed()}${closing}`;
}

/** Withdrawals move collateral out: refused when HALTED and when REDUCING. */
export function withdrawalTradingStateRule(ctx: CheckContext, out: ViolationSink): void {
  if (!stateIsKnown(ctx, out)) return;
  const { tradingState, tradingStateReason } = ctx.state;
  if (tradingState === 'ACTIVE') return;
  const why = tradingStateReason === '' ? '' : ` (${tradingStateReason})`;
  out.push({
    rule: 'trading-state',
    code: tradingState === 'HALTED' ? GUARD_CODES.tradingHalted : GUARD_CODES.reducingOnly,
    message: `trading is ${tradingState}${why}: withdrawals are refused until it is ACTIVE`,
  });
}

const NOT_SEEDED = Object.freeze({
  rule: 'trading-state',
  code: GUARD_CODES.notSeeded,
  message:
    "the guard has not been seeded with the account's open orders and positions, so it cannot know what they already use: seed it with the OpenOrders and OpenPositions results (and Balance), as createGuard's seed or through guard.seed() or guard.reconcile(); createGuard(rules, seed, { unseeded: 'allow' }) opts out, for tests and spot-only scripts that know the account is empty",
} as const);

function stateIsKnown(ctx: CheckContext, out: ViolationSink): boolean {
  const state: unknown = ctx.state.tradingState;
  if (!isTradingState(state)) {
    out.push({
      rule: 'trading-state',
      code: GUARD_CODES.unknownTradingState,
      message: `trading state ${describeValue(state)} is not ACTIVE, REDUCING or HALTED: refusing everything`,
    });
    return false;
  }
  if (!ctx.state.seeded && ctx.unseededAllowed !== true) out.push({ ...NOT_SEEDED });
  const unresolved = ctx.state.unresolved;
  if (unresolved.size > 0) {
    out.push({
      rule: 'trading-state',
      code: GUARD_CODES.unknownState,
      message: `the account holds positions or orders the guard cannot evaluate (${[...unresolved].slice(0, 5).join(', ')}): refusing until AssetPairs and prices describe them`,
    });
    return false;
  }
  return true;
}
