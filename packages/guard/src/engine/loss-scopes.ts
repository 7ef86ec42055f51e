import { GUARD_CODES } from '../codes.js';
import type { LossLimit } from '../config/compile.js';
import { type Dec, ZERO } from '../decimal.js';
import type { Violation } from '../decision.js';
import type { ScopeLedger, ScopeValue, Valuer } from '../state/pnl-ledger.js';
import type { CheckContext } from './context.js';
import type { OrderFacts } from './order-facts.js';
import { valuerOf } from './valuation.js';

/** A scope whose loss limits apply to the order being checked: the account's, or the ordering bot's. */
export interface LossScope {
  /** `the account` or `bot "grid"`, for messages. */
  label: string;
  account: boolean;
  limit: LossLimit;
  ledger: ScopeLedger;
  value: ScopeValue;
  valuer: Valuer;
}

/**
 * The scopes with loss limits that judge this check: the account's when it has limits, and the bot's when the
 * check is made for a bot (`guard.forBot(name)`) that has limits. A bot without fills yet has lost nothing.
 */
export function lossScopes(ctx: CheckContext): LossScope[] {
  // Both loss rules read the scopes of one check: value the holdings once (a context lives for one check).
  let scopes = scopesOfCheck.get(ctx);
  if (scopes === undefined) {
    scopes = valueScopes(ctx);
    scopesOfCheck.set(ctx, scopes);
  }
  return scopes;
}

const scopesOfCheck = new WeakMap<CheckContext, LossScope[]>();

function valueScopes(ctx: CheckContext): LossScope[] {
  const { lossLimits } = ctx.rules;
  const bot = ctx.bot === undefined ? undefined : lossLimits.bots.get(ctx.bot);
  if (lossLimits.account === undefined && bot === undefined) return [];
  const valuer = valuerOf(ctx.rules, ctx.state, ctx.now);
  const scopes: LossScope[] = [];
  const { pnl } = ctx.state;
  if (lossLimits.account !== undefined) {
    const ledger = pnl.account;
    scopes.push({
      label: 'the account',
      account: true,
      limit: lossLimits.account,
      ledger,
      value: ledger.value(valuer),
      valuer,
    });
  }
  const ledger = ctx.bot === undefined ? undefined : pnl.bots.get(ctx.bot);
  if (bot !== undefined && ledger !== undefined)
    scopes.push({
      label: `bot "${ctx.bot}"`,
      account: false,
      limit: bot,
      ledger,
      value: ledger.value(valuer),
      valuer,
    });
  return scopes;
}

/**
 * Whether the order lowers the scope's risk, so a loss halt lets it through: it reduces a margin position, it
 * shrinks a resting order, or it is a spot order that sells no more than the scope holds of the base (buys back no
 * more than it is short). For the
 * account, what it holds is its balance plus what it bought since; for a bot, what its own fills bought.
 */
export function reducesRisk(facts: OrderFacts, ctx: CheckContext, scope: LossScope): boolean {
  if (facts.onlyReduces) return true;
  // An amend that does not grow what the order can still fill adds no risk: shrinking resting orders is how a
  // halted bot winds down.
  const old = facts.replacing;
  if (old !== undefined && facts.remaining.lte(old.volume.minus(old.filled))) return true;
  if (facts.margin) return false;
  const { pair } = facts;
  const seeded = scope.account ? (ctx.state.balances.get(pair.base) ?? ZERO) : ZERO;
  const held = seeded.plus(scope.ledger.spotBase(pair.id));
  return facts.side === 'sell' ? held.gte(facts.remaining) : held.neg().gte(facts.remaining);
}

/** The refusal when a scope's PnL cannot be valued in USD: its limits cannot be judged, so it fails closed. */
export function unvalued(scope: LossScope, missing: readonly string[], what: string): Violation {
  return {
    rule: what === 'daily loss' ? 'daily-loss' : 'drawdown',
    code: GUARD_CODES.missingReferencePrice,
    message: `the ${what} limit of ${scope.label} needs its PnL in USD, and there is no USD price of ${missing.join(', ')} (guard.setUsdPrice): only orders that reduce its positions pass`,
  };
}

/** Money in a message: to the cent, without trailing zeros. */
export function usdText(amount: Dec): string {
  return amount.toDecimalPlaces(2).toFixed();
}
