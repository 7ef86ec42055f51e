import { createHash } from 'node:crypto';
import type { AccountId } from './state-store.js';

/**
 * The name an API key's state goes under in a store: the first 16 hex digits of SHA-256 over the public key.
 * Stable across processes and hosts, and safe to show: it cannot be turned back into the key.
 */
export function accountIdOf(apiKey: string): AccountId {
  return createHash('sha256').update(`krakenkit:${apiKey}`).digest('hex').slice(0, 16);
}
