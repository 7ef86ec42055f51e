import {
  describeValue,
  isValidatedOrder,
  isValidatedWsOrder,
  ORDER_TYPES as KRAKEN_ORDER_TYPES,
  type ValidatedOrder,
} from '@krakenkit/core';
import { GUARD_CODES, KRAKEN_CODES } from '../codes.js';
import type { Decision, Violation } from '../decision.js';
import type { AmendIntent, GuardIntent, OrderIntent, WithdrawIntent } from '../intent.js';
import { tradingStateRule } from '../rules/trading-state.js';
import { type WithdrawalFacts, withdrawalRule } from '../rules/withdrawal.js';
import { amendFacts } from './amend-facts.js';
import type { CheckContext } from './context.js';
import { type OrderFacts, orderFacts } from './order-facts.js';
import { ORDER_RULES } from './order-rules.js';
import { type OrderTerms, termsOfIntent, termsOfOrder, termsOfWsOrder } from './order-terms.js';

/** A decision plus what reserve() needs to record it. */
export type Evaluation =
  | { kind: 'order'; decision: Decision; facts: OrderFacts | undefined }
  | { kind: 'withdraw'; decision: Decision; facts: WithdrawalFacts | undefined }
  | { kind: 'cancel'; decision: Decision };

const ORDER_TYPES: ReadonlySet<string> = new Set(KRAKEN_ORDER_TYPES);

const ALLOWED: Decision = Object.freeze({
  allowed: true,
  violations: Object.freeze([]) as readonly Violation[],
});

/** Evaluates one intent against every rule. Pure: reads the context, writes nothing. Never throws on bad input. */
export function evaluate(intent: GuardIntent, ctx: CheckContext, batch = false): Evaluation {
  if (typeof intent !== 'object' || intent === null) {
    return { kind: 'order', decision: refuse([invalid('intent', 'an intent object')]), facts: undefined };
  }
  // Checked once by core's parseOrder / parseWsOrder: their values are read as they are.
  if (isValidatedOrder(intent)) return evaluateValidated(intent, ctx, batch);
  if (isValidatedWsOrder(intent)) return evaluateTerms(intent.symbol, termsOfWsOrder, intent, ctx, batch, []);
  switch (intent.kind) {
    case 'cancel':
      return { kind: 'cancel', decision: ALLOWED };
    case 'withdraw':
      return evaluateWithdrawal(intent, ctx);
    case 'amend':
      return evaluateAmend(intent, ctx);
    case undefined:
    case 'order':
      return evaluateOrder(intent, ctx, batch);
    default:
      return {
        kind: 'order',
        decision: refuse([invalid('kind', 'order, amend, cancel or withdraw')]),
        facts: undefined,
      };
  }
}

function evaluateOrder(intent: OrderIntent, ctx: CheckContext, batch: boolean): Evaluation {
  const out: Violation[] = [];
  const shape = shapeViolation(intent);
  if (shape !== undefined) {
    tradingStateRule(undefined, ctx, out);
    out.push(shape);
    return { kind: 'order', decision: refuse(out), facts: undefined };
  }
  return evaluateTerms(intent.pair, termsOfIntent, intent, ctx, batch, out);
}

function evaluateValidated(order: ValidatedOrder, ctx: CheckContext, batch: boolean): Evaluation {
  return evaluateTerms(order.pair, termsOfOrder, order, ctx, batch, []);
}

function evaluateTerms<I>(
  pairName: string,
  termsOf: (intent: I, out: Violation[]) => OrderTerms | undefined,
  intent: I,
  ctx: CheckContext,
  batch: boolean,
  out: Violation[],
): Evaluation {
  const pair = ctx.pairs.get(pairName);
  if (pair === undefined) {
    tradingStateRule(undefined, ctx, out);
    out.push({
      rule: 'pair-status',
      code: KRAKEN_CODES.unknownPair,
      message: `pair ${describeValue(pairName)} is not known to the guard (not in AssetPairs or config pairs): refusing`,
      field: 'pair',
    });
    return { kind: 'order', decision: refuse(out), facts: undefined };
  }
  const terms = termsOf(intent, out);
  const facts = terms === undefined ? undefined : orderFacts(terms, pair, ctx, out);
  if (facts !== undefined && batch) facts.rateAction = 'batch-add';
  return runOrderRules(facts, ctx, out);
}

function evaluateAmend(intent: AmendIntent, ctx: CheckContext): Evaluation {
  const out: Violation[] = [];
  const order = typeof intent.orderId === 'string' ? ctx.state.orders.find(intent.orderId) : undefined;
  if (order === undefined) {
    tradingStateRule(undefined, ctx, out);
    out.push({
      rule: 'intent',
      code: GUARD_CODES.unknownOrder,
      message: `order ${describeValue(intent.orderId)} is not an open order the guard tracks: it cannot check the change`,
      field: 'orderId',
    });
    return { kind: 'order', decision: refuse(out), facts: undefined };
  }
  // The state holds one pending change per order: a second would replace the first's hold while the exchange may
  // still apply the first (or apply it last), so the order could end larger than anything the guard holds.
  if (order.pendingAmend !== undefined) {
    out.push({
      rule: 'intent',
      code: GUARD_CODES.amendPending,
      message: `order ${describeValue(intent.orderId)} already has a change in flight (${order.pendingAmend.ref}: volume ${order.pendingAmend.volume.toFixed()}, price ${order.pendingAmend.price.toFixed()}) with no answer yet: send the next amend once it is answered (a cancel always passes)`,
      field: 'orderId',
    });
  }
  return runOrderRules(amendFacts(intent, order, ctx, out), ctx, out);
}

function runOrderRules(facts: OrderFacts | undefined, ctx: CheckContext, out: Violation[]): Evaluation {
  // The kill switch goes first so its reason leads the list; then every other rule, none skipped.
  if (out.length === 0) tradingStateRule(facts, ctx, out);
  else {
    const early = out.splice(0);
    tradingStateRule(facts, ctx, out);
    out.push(...early);
  }
  if (facts !== undefined) for (const rule of ORDER_RULES) rule(facts, ctx, out);
  const decision: Decision =
    facts?.adjusted === undefined
      ? { allowed: out.length === 0, violations: out }
      : { allowed: out.length === 0, violations: out, adjusted: facts.adjusted };
  return { kind: 'order', decision, facts };
}

function evaluateWithdrawal(intent: WithdrawIntent, ctx: CheckContext): Evaluation {
  const out: Violation[] = [];
  if (typeof intent.asset !== 'string' || typeof intent.key !== 'string') {
    out.push(invalid('asset', 'asset and key as strings'));
    return { kind: 'withdraw', decision: refuse(out), facts: undefined };
  }
  const facts = withdrawalRule(intent, ctx, out);
  return { kind: 'withdraw', decision: { allowed: out.length === 0, violations: out }, facts };
}

// Intents may come from untyped code (YAML, JSON, a CLI): check the shape before trusting it.
function shapeViolation(intent: OrderIntent): Violation | undefined {
  if (typeof intent.pair !== 'string') return invalid('pair', 'a pair name such as "XBTUSD"');
  if (intent.side !== 'buy' && intent.side !== 'sell') return invalid('side', '"buy" or "sell"');
  if (!ORDER_TYPES.has(intent.orderType))
    return invalid('orderType', `one of ${[...ORDER_TYPES].join(', ')}`);
  return undefined;
}

function invalid(field: string, expected: string): Violation {
  return {
    rule: 'intent',
    code: GUARD_CODES.invalidIntent,
    message: `${field}: expected ${expected}`,
    field,
  };
}

function refuse(violations: Violation[]): Decision {
  return { allowed: false, violations };
}
