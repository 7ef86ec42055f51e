import { type AccountId, accountIdOf, type StateStore } from '@krakenkit/core/store';
import { ConfigError } from '../errors/index.js';
import { createStoreNonceSource, type StoreNonceSource } from '../nonce/store-source.js';
import type { ClientOptions } from './options.js';

/** `ClientOptions.store`, resolved against the client's key and timeout. */
export interface KeySharing {
  store: StateStore;
  account: AccountId;
  holdMs: number | undefined;
  leaseMs: number | undefined;
}

/**
 * What the client shares through the store, or undefined when nothing is (no store, or neither a key nor an
 * account to name the state by).
 * @throws ConfigError when `store` comes with its own `nonce` source: the two would order calls differently.
 */
export function resolveSharing(options: ClientOptions): KeySharing | undefined {
  const shared = options.store;
  if (shared === undefined) return undefined;
  if (options.nonce !== undefined) {
    throw new ConfigError([
      { path: 'nonce', message: 'give either a nonce source or a store to share the key through, not both' },
    ]);
  }
  const apiKey = options.key?.apiKey;
  const account =
    shared.account ?? (typeof apiKey === 'string' && apiKey !== '' ? accountIdOf(apiKey) : undefined);
  if (account === undefined) return undefined;
  return { store: shared.store, account, holdMs: shared.holdMs, leaseMs: shared.leaseMs };
}

// One source per store, account and window in this process: clients of one key must share one source (the lane
// registry refuses two), so a second client given the same store gets the first one's.
const sources = new WeakMap<StateStore, Map<string, StoreNonceSource>>();

/** The process's store nonce source for the key (created on first use). */
export function storeNonceSourceFor(sharing: KeySharing, nonceWindow: number): StoreNonceSource {
  let byAccount = sources.get(sharing.store);
  if (byAccount === undefined) {
    byAccount = new Map();
    sources.set(sharing.store, byAccount);
  }
  const name = `${sharing.account}/${nonceWindow}`;
  let source = byAccount.get(name);
  if (source === undefined) {
    source = createStoreNonceSource({
      store: sharing.store,
      account: sharing.account,
      nonceWindow,
      ...(sharing.holdMs === undefined ? {} : { holdMs: sharing.holdMs }),
      ...(sharing.leaseMs === undefined ? {} : { leaseMs: sharing.leaseMs }),
    });
    byAccount.set(name, source);
  }
  return source;
}
