import {
  type GuardableClient,
  type GuardedTrading,
  READ_METHODS,
  type ReadMethod,
  TRADING_METHODS,
} from './guardable-client.js';
import { GuardedSession } from './guarded-session.js';
import { flushOutcomes, type ReservingGuard } from './reserving-guard.js';

export type { GuardedTrading };

/** What guardClient returns: trading through the guard, reads passed through, and no way to the raw client. */
export type GuardedClient<C extends GuardableClient = GuardableClient> = GuardedTrading &
  Pick<C, Extract<ReadMethod, keyof C>>;

/** Options of {@link guardClient}. */
export interface GuardClientOptions {
  /** Ask WithdrawInfo before a withdrawal so the guard can hold it to Kraken's `limit` (default true). */
  withdrawInfoFirst?: boolean;
}

/**
 * Wraps a client so every order, batch, amend, edit and withdrawal passes `guard.reserve()` first. A refusal
 * throws GuardRejectedError and sends nothing; an accepted call's outcome is fed back into the guard (accepted →
 * open order, certain rejection → reservation released, unknown outcome → kept until reconciled). Cancels always
 * go through and are recorded. Read-only calls pass through. The result is a frozen object of functions: none
 * of them, and nothing reachable from them, is the raw client.
 *
 * `guard` is a plain guard (`createGuard`) or a shared one (`createSharedGuard` from `@krakenkit/guard/shared`):
 * with a shared guard each reservation is journaled before the order is sent, and a store that cannot be reached
 * refuses the call with StoreUnavailableError, sending nothing. When the client shares its key through the same
 * store and account, an order's reservation goes in its nonce's store step and its answer (accepted or rejected)
 * with the next order's (see SharedGuard.applyAlong): one store round trip per order; `close()` journals what is
 * still pending before closing the client.
 */
export function guardClient<C extends GuardableClient>(
  client: C,
  guard: ReservingGuard,
  options: GuardClientOptions = {},
): GuardedClient<C> {
  const session = new GuardedSession(client, guard, options.withdrawInfoFirst !== false);
  const methods: Record<string, unknown> = {};
  for (const name of TRADING_METHODS) methods[name] = session[name].bind(session);
  const source = client as unknown as Record<string, unknown>;
  for (const name of READ_METHODS) {
    const query = source[name];
    if (typeof query === 'function') methods[name] = (...args: unknown[]) => query.apply(client, args);
  }
  const close = source.close;
  if (typeof close === 'function' && guard.flush !== undefined) {
    // A shared guard's last outcomes are journaled before the client (and, after it, the store) closes.
    methods.close = async () => {
      await flushOutcomes(guard);
      return close.call(client);
    };
  }
  return Object.freeze(methods) as unknown as GuardedClient<C>;
}
