import type { StateStore } from '@krakenkit/core/store';
import type { BotConfig } from '../../config/load.js';
import type { Connection } from '../../engine/connect.js';
import type { Session } from '../../engine/session.js';

/** The state store the process shares with the other processes on its keys, and how it may be shown. */
export interface SharedStore {
  store: StateStore;
  /** The store as it may be printed: a directory, `memory`, or a Redis URL without its password. */
  shown: string;
}

/**
 * What the dashboard shows: a config and its open exchange connection (`krakenkit dashboard`: the account with no
 * bot running), plus the running session when there is one (`krakenkit run --ui`), and the state store both
 * share with the other processes on the key when there is one. The dashboard reads them; it never owns nor closes
 * them.
 */
export interface DashboardSource {
  config: BotConfig;
  connection: Connection;
  session?: Session | undefined;
  store?: SharedStore | undefined;
}
