/** The rule that raised a violation: one module each under src/rules/. */
export type RuleName =
  | 'intent'
  | 'trading-state'
  | 'pair-status'
  | 'pair-limits'
  | 'reference-price'
  | 'tier-leverage'
  | 'reduce-only-market'
  | 'reduce-only-order'
  | 'opposing-position'
  | 'conditional-close'
  | 'margin-allowance'
  | 'position-size'
  | 'price-band'
  | 'notional'
  | 'daily-loss'
  | 'drawdown'
  | 'open-orders'
  | 'order-rate'
  | 'withdrawal';

/** One reason an intent is refused. `limit` and `requested` are decimal text in `currency` (or a count). */
export interface Violation {
  rule: RuleName;
  /** Kraken's exact string where Kraken has one (`EOrder:Margin allowance exceeded`), else `EGuard:...`. */
  code: string;
  /** What was wrong with the numbers a person needs: usage, allowance, the allowed value. */
  message: string;
  limit?: string;
  requested?: string;
  currency?: string;
  /** The intent field at fault, when there is one (`volume`, `price`, `leverage`). */
  field?: string;
}

/** Values the guard rounded because config asked it to (sent instead of the intent's own). */
export interface Adjustments {
  volume?: string;
  price?: string;
  price2?: string;
}

/** The answer to `guard.check(intent)`: every violation, not just the first. */
export interface Decision {
  allowed: boolean;
  violations: readonly Violation[];
  adjusted?: Adjustments;
}
