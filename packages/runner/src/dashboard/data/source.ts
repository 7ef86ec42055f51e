import type { BotConfig } from '../../config/load.js';
import type { Connection } from '../../engine/connect.js';
import type { Session } from '../../engine/session.js';

/**
 * What the dashboard shows: a config and its open exchange connection (`krakenkit dashboard`: the account with no
 * bot running), plus the running session when there is one (`krakenkit run --ui`). The dashboard reads them; it
 * never owns nor closes them.
 */
export interface DashboardSource {
  config: BotConfig;
  connection: Connection;
  session?: Session | undefined;
}
