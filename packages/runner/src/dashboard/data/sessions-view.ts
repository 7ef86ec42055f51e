import { hostname } from 'node:os';
import { accountIdOf } from '@krakenkit/core/store';
import { describeError } from '../../engine/halting.js';
import { BOT_LEASES, SESSION_LEASES } from '../../state/keys.js';
import { readSessionInfos } from '../../state/session-info.js';
import type { DashboardSource } from './source.js';

/** One krakenkit session alive on the keys, as the state store holds it. */
export interface ActiveSession {
  /** Its session id: `host:pid:random`. */
  id: string;
  host: string | null;
  pid: number | null;
  /** When it took its lease (epoch ms); null when it wrote no info (an older krakenkit). */
  startedAt: number | null;
  /** The bots whose leases it holds. */
  bots: string[];
  /** The keys (by name) it runs on. */
  keys: string[];
  /** When its session lease runs out unless renewed (epoch ms). */
  expiresAt: number;
  /** True for the session of this very process (`run --ui`). */
  thisProcess: boolean;
}

/** The active sessions page section: the sessions on the keys, and this process. */
export interface SessionsView {
  /** The store the sessions were read from (no password); null: none, only this process is known. */
  store: string | null;
  sessions: ActiveSession[];
  /** This process: a session running bots (`run --ui`), or a dashboard running none. */
  thisProcess: {
    kind: 'session' | 'dashboard';
    host: string;
    pid: number;
    startedAt: number;
    bots: string[];
  };
  /** Why the store could not be read (then `sessions` is empty). */
  error?: string;
}

/**
 * Lists the sessions alive on the connection's keys from the state store's leases (`session:<id>` and each bot's
 * `bot:<name>`, both held under the session id) and the info each session writes beside them (since when).
 * Without a store, only this process is known.
 */
export async function sessionsView(source: DashboardSource, startedAt: number): Promise<SessionsView> {
  const { session, store, connection } = source;
  const thisProcess = {
    kind: session === undefined ? ('dashboard' as const) : ('session' as const),
    host: hostname(),
    pid: process.pid,
    startedAt: session?.startedAt ?? startedAt,
    bots: session?.bots.map((bot) => bot.name) ?? [],
  };
  if (store === undefined) return { store: null, sessions: [], thisProcess };
  try {
    const sessions = new Map<string, ActiveSession>();
    for (const [key, apiKey] of connection.apiKeys) {
      const account = accountIdOf(apiKey);
      const [leases, bots, infos] = await Promise.all([
        store.store.listLeases(account, SESSION_LEASES),
        store.store.listLeases(account, BOT_LEASES),
        readSessionInfos(store.store, account),
      ]);
      for (const lease of leases) {
        const id = lease.name.slice(SESSION_LEASES.length);
        const entry = sessions.get(id) ?? newEntry(id, lease.expiresAt, infos.get(id)?.startedAt ?? null);
        if (!entry.keys.includes(key)) entry.keys.push(key);
        for (const bot of bots)
          if (bot.holder === id && !entry.bots.includes(bot.name.slice(BOT_LEASES.length)))
            entry.bots.push(bot.name.slice(BOT_LEASES.length));
        sessions.set(id, entry);
      }
    }
    return {
      store: store.shown,
      sessions: [...sessions.values()].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0)),
      thisProcess,
    };
  } catch (error) {
    return { store: store.shown, sessions: [], thisProcess, error: describeError(error).message };
  }
}

// A session id is `host:pid:random` (newSessionId); the host may hold colons itself.
function newEntry(id: string, expiresAt: number, startedAt: number | null): ActiveSession {
  const match = /^(.*):(\d+):[0-9a-f]+$/.exec(id);
  const host = match?.[1] ?? null;
  const pid = match === null ? null : Number(match[2]);
  return {
    id,
    host,
    pid,
    startedAt,
    bots: [],
    keys: [],
    expiresAt,
    thisProcess: host === hostname() && pid === process.pid,
  };
}
