import { KrakenkitError } from '@krakenkit/client';
import type { Violation } from '../decision.js';

/**
 * The guard refused a call: nothing was sent. `code` is the first violation's code (Kraken's exact string where
 * Kraken has one, so `error.code === 'EOrder:Margin allowance exceeded'` reads the same whether the guard or the
 * exchange said no); `violations` lists every one.
 */
export class GuardRejectedError extends KrakenkitError {
  override name = 'GuardRejectedError';
  readonly violations: readonly Violation[];
  /** The client method that was refused, e.g. `addOrder`. */
  readonly method: string;

  constructor(method: string, violations: readonly Violation[]) {
    const first = violations[0];
    super(
      `${method} refused by the guard, nothing sent: ${violations.map((v) => `${v.code} (${v.message})`).join('; ')}`,
      {
        code: first?.code ?? 'EGuard:Rejected',
        category: 'guard',
        retryable: false,
      },
    );
    this.violations = [...violations];
    this.method = method;
  }
}
