import type { StateStore } from '@krakenkit/core/store';
import type { Logger } from 'pino';
import type { Environment } from '../config/credentials.js';
import type { SessionListener } from './session-events.js';

/** Options of `startSession`. */
export interface SessionOptions {
  /** Where credentials are read from (Kraken only); default process.env. */
  env?: Environment;
  /** pino logger (the client's createLogger redacts secrets); default silent. */
  logger?: Logger;
  /** JSONL audit trail of every guard decision; `false` for none. Default: none (the CLI always sets one). */
  auditLog?: string | false;
  /** Stop after this long; default the config's run.duration, else run until stop(). */
  durationMs?: number;
  /** Every session event (orders, fills, refusals, halts, adoptions, orphans) as it happens. */
  onEvent?: SessionListener;
  /** Epoch-ms clock; default Date.now. */
  now?: () => number;
  /** Told what is allowed but unsafe (a credential file others can read), also logged at warn. */
  onWarning?: (message: string) => void;
  /**
   * Where the session keeps its leases and each bot's orders and state, so a restart adopts them and a second
   * process with the same bot name on the same key is refused. A store given here is also shared with every
   * other process on the keys: their nonces and REST counter, and the guard's state (the shared guard of the
   * first key's account), so sessions side by side stay within one allowance together. Default: a memory store
   * of this session's own (nothing survives it, nothing is shared); pass a durable one (`@krakenkit/store`) to
   * survive a crash, or Redis for several hosts. The caller closes it.
   */
  store?: StateStore;
  /** At start, cancel the keys' open orders that no live session owns (default: run.cancelOrphans). */
  cancelOrphans?: boolean;
  /**
   * Stops the session when aborted, `signal.reason` as the stop reason when it is one (`'SIGINT'`, `'SIGTERM'`),
   * else `'stopped'`. Aborted during start-up, start-up still finishes (leases taken, switch armed, leftovers
   * adopted), then the session stops before its bots act: nothing half-opened is left behind.
   */
  signal?: AbortSignal;
}
