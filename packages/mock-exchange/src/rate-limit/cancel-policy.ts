import { MockConfigError } from '../config/config-error.js';

/**
 * What the exchange does with a SINGLE cancel (REST CancelOrder, WebSocket v2 `cancel_order`) whose cost would take a
 * pair's matching-engine counter past the threshold. UNCONFIRMED: Kraken documents only *batch* cancels as accepted
 * over the threshold (docs/kraken/rate-limits.md).
 * - `rejected` (default, the conservative reading): `EOrder:Rate limit exceeded`; nothing is cancelled or charged.
 * - `accepted`: cancelled and charged, like a batch cancel.
 * Batch cancels (CancelOrderBatch, `batch_cancel`), CancelAll and the dead man's switch are accepted either way.
 * Set it as `settings.singleCancelOverThreshold` (config/mock-exchange.yaml or the exchange's `settings` option).
 */
export type SingleCancelOverThreshold = 'rejected' | 'accepted';

export const DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD: SingleCancelOverThreshold = 'rejected';

/** Reads the setting from configuration (absent: undefined, so the default applies). */
export function readSingleCancelOverThreshold(
  value: unknown,
  path: string,
): SingleCancelOverThreshold | undefined {
  if (value === undefined) return undefined;
  if (value === 'rejected' || value === 'accepted') return value;
  throw new MockConfigError(path, `expected rejected or accepted, got ${JSON.stringify(value)}`);
}
