import type { AccountId } from '@krakenkit/core/store';
import { digestOf, digestOfIllFormed } from '../file/file-names.js';
import { LONE_SURROGATE } from '../limits.js';

/**
 * The account as it goes between the braces: itself (an accountIdOf digest always), unless it could end the hash
 * tag early (a brace: `a}:journal:x` would share keys with account `a`), leaves it empty (no tag on a cluster),
 * has a lone surrogate (Redis keeps UTF-8: two names would meet) or starts with `~`, the mark of a digest.
 */
export function accountTag(account: AccountId): string {
  if (LONE_SURROGATE.test(account)) return `~~${digestOfIllFormed(account)}`;
  if (account === '' || account.startsWith('~') || /[{}]/.test(account)) return `~${digestOf(account)}`;
  return account;
}

/**
 * The Redis keys of one account: `<prefix>:{<account>}:<what>`. The braces are a hash tag: on Redis Cluster
 * every key of an account lands in one slot, so one script may touch them all.
 */
export class RedisKeys {
  readonly #base: string;

  constructor(prefix: string, account: AccountId) {
    this.#base = `${prefix}:{${accountTag(account)}}`;
  }

  /** The last nonce issued (a string of digits). */
  get nonce(): string {
    return `${this.#base}:nonce`;
  }
  /** Calls in flight: a sorted set of nonces scored by when their slot expires (ms). */
  get calls(): string {
    return `${this.#base}:calls`;
  }
  /** Decaying counters: a hash, counter → "<level> <at ms>". */
  get counters(): string {
    return `${this.#base}:counters`;
  }
  /** The budget queue (budget-queue.ts): a hash, "<waiter id> <counter>" → "<queuedAt ms> <until ms>". */
  get waiters(): string {
    return `${this.#base}:waiters`;
  }
  /** A journal's seq, base (last compacted seq) and snapshot: a hash. */
  journal(stream: string): string {
    return `${this.#base}:journal:${stream}`;
  }
  /** A journal's entries after its base: a list. */
  entries(stream: string): string {
    return `${this.#base}:entries:${stream}`;
  }
  /** Leases: a hash, name → "<expiresAt ms> <holder>". */
  get leases(): string {
    return `${this.#base}:leases`;
  }
  /** Records: a hash, key → value. */
  get records(): string {
    return `${this.#base}:records`;
  }
  /** The record keys, for listing by prefix: a sorted set, all scores 0 (ordered by key). */
  get recordKeys(): string {
    return `${this.#base}:record-keys`;
  }
}
