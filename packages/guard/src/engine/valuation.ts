import type { CompiledRules } from '../config/compile.js';
import { Dec, ZERO } from '../decimal.js';
import type { GuardState, TimedPrice } from '../state/guard-state.js';
import type { ScopeValue, Valuer } from '../state/pnl-ledger.js';

const ONE = new Dec(1);

/**
 * Prices to value PnL and equity at, as the guard knows them at `now`: a pair's reference mid, and a currency's
 * USD price (USD-pegged currencies at 1). A price older than `sanity.referencePriceMaxAgeMs` counts as unknown.
 */
export function valuerOf(rules: CompiledRules, state: GuardState, now: number): Valuer {
  return new StateValuer(rules, state, now);
}

// A class rather than closures: a valuer is made for every price, fill and check the guard is given.
class StateValuer implements Valuer {
  readonly #rules: CompiledRules;
  readonly #state: GuardState;
  readonly #now: number;

  constructor(rules: CompiledRules, state: GuardState, now: number) {
    this.#rules = rules;
    this.#state = state;
    this.#now = now;
  }

  mark(pairId: string): Dec | undefined {
    return this.#fresh(this.#state.mids.get(pairId));
  }

  usdRate(currency: string): Dec | undefined {
    return this.#rules.withdrawal.usdPegged.has(currency)
      ? ONE
      : this.#fresh(this.#state.usdPrices.get(currency));
  }

  #fresh(entry: TimedPrice | undefined): Dec | undefined {
    const maxAge = this.#rules.sanity.referencePriceMaxAgeMs;
    return entry === undefined || (maxAge !== undefined && this.#now - entry.at > maxAge)
      ? undefined
      : entry.price;
  }
}

/** The account's equity in USD: its balances at USD prices plus its trading PnL since the guard started. */
export interface AccountEquity {
  /** Balances from Balance (minus withdrawals), valued now; balances without a USD price are left out. */
  balancesUsd: Dec;
  /** Trading PnL of the account scope (fills since the guard started), USD. */
  pnlUsd: Dec;
  /** balancesUsd + pnlUsd. */
  usd: Dec;
}

/**
 * The account's equity, or why it cannot be valued: `missing` currencies its PnL is in but no USD price is known
 * for, or `none` when no balance could be valued at all (the guard was never told the balances).
 */
export function accountEquity(
  state: GuardState,
  valuer: Valuer,
  pnl: ScopeValue = state.pnl.account.value(valuer),
): AccountEquity | { missing: string[] } | { none: true } {
  if (pnl.usd === undefined) return { missing: pnl.missing };
  let balancesUsd = ZERO;
  let priced = 0;
  for (const [currency, amount] of state.balances) {
    const rate = valuer.usdRate(currency);
    if (rate === undefined) continue;
    balancesUsd = balancesUsd.plus(amount.times(rate));
    priced += 1;
  }
  if (priced === 0) return { none: true };
  return { balancesUsd, pnlUsd: pnl.usd, usd: balancesUsd.plus(pnl.usd) };
}
