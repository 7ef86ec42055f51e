import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BackoffOptions,
  backoffDelay,
  type EventOf,
  type SubscribeRequest,
  type WsClient,
} from '@krakenkit/client/ws';

/** Retries of a refused subscription: 1 s, doubling (with jitter) up to a minute. */
export const RESUBSCRIBE_BACKOFF: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** What {@link keepSubscribed} tells its owner. */
export interface KeptSubscriptionHooks {
  /**
   * The exchange refused the subscription, or the stream ended without being asked to (a resubscription after a
   * reconnect refused, a buffer overrun): `attempt` is the count of refusals in a row, the next try is in
   * `retryInMs`.
   */
  refused(reason: string, attempt: number, retryInMs: number): void;
  /** The exchange acknowledged the subscription after one or more refusals. */
  recovered(): void;
  /** Ends the subscription and its retries. */
  signal: AbortSignal;
  backoff?: BackoffOptions;
  random?: () => number;
}

/**
 * Keeps one channel subscription for as long as `signal` is not aborted: events go to `take`, and a refusal (or
 * an end nobody asked for) is reported and asked again after a backoff. The client already resubscribes after a
 * reconnect by itself; this covers what it gives up on: a subscription the exchange answered `success: false`.
 */
export function keepSubscribed<R extends SubscribeRequest>(
  ws: WsClient,
  request: R,
  take: (event: EventOf<R>) => void,
  hooks: KeptSubscriptionHooks,
): void {
  void (async () => {
    const { signal } = hooks;
    let refusals = 0;
    while (!signal.aborted) {
      let reason = 'the subscription ended';
      try {
        const subscription = ws.subscribe(request, { signal });
        subscription.ready.then(
          () => {
            if (refusals > 0 && !signal.aborted) hooks.recovered();
            refusals = 0;
          },
          () => undefined,
        );
        for await (const event of subscription) take(event);
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      if (signal.aborted) return;
      const delay = backoffDelay(refusals, hooks.backoff ?? RESUBSCRIBE_BACKOFF, hooks.random);
      refusals += 1;
      hooks.refused(reason, refusals, delay);
      try {
        // Not holding the process open: the session's own loop does that while it runs.
        await sleep(delay, undefined, { signal, ref: false });
      } catch {
        return;
      }
    }
  })();
}
