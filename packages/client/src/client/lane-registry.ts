import { ConfigError } from '../errors/index.js';
import { createClockNonceSource } from '../nonce/clock-source.js';
import type { NonceSource } from '../nonce/types.js';
import { createKeyLane, type KeyLane, normalizeNonceWindow } from './key-lane.js';

/**
 * One lane per API key per process, shared by every client built with that key: two clients with the same key
 * and separate lanes would interleave nonces on two connections and get each other's calls rejected.
 */
interface Entry {
  lane: KeyLane;
  source: NonceSource;
  users: number;
}

const lanes = new Map<string, Entry>();
// Kept for the life of the process even when no client uses the key: a new default source after a clock step
// backwards would otherwise start below nonces already sent.
const defaultSources = new Map<string, NonceSource>();

export interface LaneLease {
  lane: KeyLane;
  /** Gives the lane back; the last client to release a key drops its lane. Idempotent. */
  release(): void;
}

/**
 * Returns the key's lane, creating it on first use with `source` (or the key's process-wide default clock source).
 * @throws ConfigError when a live lane of the key uses another nonce source or another nonce window.
 */
export function acquireKeyLane(apiKey: string, nonceWindow: number, source?: NonceSource): LaneLease {
  let entry = lanes.get(apiKey);
  if (entry) {
    assertCompatible(entry, nonceWindow, source);
    entry.users += 1;
  } else {
    const chosen = source ?? defaultSourceFor(apiKey);
    entry = { lane: createKeyLane(chosen, nonceWindow), source: chosen, users: 1 };
    lanes.set(apiKey, entry);
  }
  const held = entry;
  let released = false;
  return {
    lane: held.lane,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users === 0 && lanes.get(apiKey) === held) lanes.delete(apiKey);
    },
  };
}

function defaultSourceFor(apiKey: string): NonceSource {
  let source = defaultSources.get(apiKey);
  if (!source) {
    source = createClockNonceSource();
    defaultSources.set(apiKey, source);
  }
  return source;
}

function assertCompatible(entry: Entry, nonceWindow: number, source: NonceSource | undefined): void {
  if (source !== undefined && source !== entry.source) {
    throw new ConfigError([
      {
        path: 'nonce',
        message:
          'another live client of this API key uses a different nonce source; clients of one key must share one source',
      },
    ]);
  }
  if (normalizeNonceWindow(nonceWindow) !== entry.lane.nonceWindow) {
    throw new ConfigError([
      {
        path: 'key.nonceWindow',
        message: `another live client of this API key declares nonce window ${entry.lane.nonceWindow}, this one ${nonceWindow}`,
      },
    ]);
  }
}
