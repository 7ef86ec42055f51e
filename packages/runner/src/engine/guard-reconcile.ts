import { RateLimitError } from '@krakenkit/client';
import type { Logger } from 'pino';
import type { BotClient } from './connect.js';
import type { FeeVolume } from './fee-volume.js';
import type { OrderTracker, OrderUpdate } from './order-tracker.js';
import type { SessionEvents } from './session-events.js';
import type { SessionGuard } from './session-guard.js';

/** What a reconciliation with the exchange needs from the session. */
export interface ReconcileParts {
  client: BotClient;
  guard: SessionGuard;
  tracker: OrderTracker;
  fees: FeeVolume;
  events: SessionEvents;
  logger: Logger;
  now(): number;
  /**
   * The clock the guard reads (default: {@link now}): the snapshot's read time (`readAt`) is taken on it, so the
   * guard compares it with the times it applied cancels and fills at.
   */
  guardNow?: () => number;
  dispatch(updates: readonly OrderUpdate[]): Promise<void>;
  /** Aborts the reads (the session is stopping). */
  signal?: AbortSignal;
  /** A routine reconciliation: its reads leave the limiter's reserve to one-off calls (CallOptions.background). */
  background?: boolean;
  /**
   * Its reads fail with a RateLimitError instead of waiting when the key's counter has no room
   * (CallOptions.failFast): nothing is reconciled then, and the caller tries again later. The 30-day volume's read,
   * which comes after the guard is reconciled, is left for the next reconciliation instead.
   */
  failFast?: boolean;
}

/**
 * Replaces the guard's positions and orders with the exchange's, then lets the tracker catch up without feeding
 * the same fills to the guard twice, and re-reads the 30-day volume. The time just before the reads are sent is the
 * snapshot's `readAt`: a cancel or fill the guard applies while they are answered is not undone by them.
 */
export async function reconcileWithExchange(parts: ReconcileParts): Promise<void> {
  const { client } = parts;
  const options = {
    ...(parts.signal === undefined ? {} : { signal: parts.signal }),
    ...(parts.background === true ? { background: true } : {}),
    ...(parts.failFast === true ? { failFast: true } : {}),
  };
  const readAt = (parts.guardNow ?? parts.now)();
  const [openOrders, openPositions] = await Promise.all([
    client.openOrders({}, options),
    client.openPositions({}, options),
  ]);
  const report = await parts.guard.reconcile({ openOrders, openPositions }, { readAt });
  await parts.dispatch(await parts.tracker.absorb(openOrders.open));
  await parts.fees.refresh(options).catch((error: unknown) => {
    if (parts.failFast !== true || !(error instanceof RateLimitError)) throw error;
  });
  parts.events.emit({
    type: 'reconciled',
    at: parts.now(),
    positions: Object.keys(openPositions).length,
    orders: Object.keys(openOrders.open).length,
  });
  parts.logger.debug({ report }, 'guard reconciled with the exchange');
}
