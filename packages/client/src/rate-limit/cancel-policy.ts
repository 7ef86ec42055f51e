import type { TradingAction } from '../endpoints/define.js';
import { ConfigError } from '../errors/index.js';

/**
 * What Kraken does with a SINGLE cancel (REST CancelOrder, WebSocket v2 `cancel_order`) that would take a pair's
 * matching-engine counter past the threshold. UNCONFIRMED: Kraken's docs say only that a *batch* cancel is
 * accepted over the threshold (docs/kraken/rate-limits.md).
 * - `rejected` (default, the conservative reading): Kraken answers `EOrder:Rate limit exceeded`, so the limiter
 *   holds a single cancel until it fits, in the pair's line ahead of any waiting add, amend or edit.
 * - `accepted`: Kraken accepts and charges it, as a batch cancel; the limiter sends it at once (and charges it).
 * Batch cancels (CancelOrderBatch, `batch_cancel`), CancelAll and the dead man's switch never wait either way.
 */
export type SingleCancelOverThreshold = 'rejected' | 'accepted';

export const DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD: SingleCancelOverThreshold = 'rejected';

/** Validates the setting (default `rejected`). */
export function resolveSingleCancelOverThreshold(value: unknown): SingleCancelOverThreshold {
  if (value === undefined) return DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD;
  if (value === 'rejected' || value === 'accepted') return value;
  throw new ConfigError([
    {
      path: 'singleCancelOverThreshold',
      message: `got ${JSON.stringify(value) ?? String(value)}, expected rejected|accepted`,
    },
  ]);
}

/**
 * Whether a trading call waits for room under the threshold. Adds, amends and edits always do; a single cancel
 * does when Kraken is taken to reject it over the threshold, unless the caller marked it urgent; batch cancels,
 * CancelAll and the dead man's switch never do (they reduce risk, and Kraken accepts them over the threshold).
 */
export function waitsForRoom(
  action: TradingAction,
  singleCancel: SingleCancelOverThreshold,
  urgent: boolean,
): boolean {
  switch (action) {
    case 'add':
    case 'batch-add':
    case 'amend':
    case 'edit':
      return true;
    case 'cancel':
      return singleCancel === 'rejected' && !urgent;
    case 'batch-cancel':
    case 'cancel-all':
    case 'dead-man':
      return false;
  }
}
