import type { AccountId, StateStore } from '@krakenkit/core/store';
import { SESSION_LEASES } from './keys.js';

/** What a live session says of itself in the store, for others to show (the dashboard's active sessions). */
export interface SessionInfo {
  /** When the session took its lease on the account (epoch ms). */
  startedAt: number;
  /** Its bots on the account. */
  bots: string[];
  /**
   * The pid space of its process (see pidSpace; absent off Linux): a session of the same space may take over the
   * leases of this one once its pid no longer runs, instead of waiting for them to expire.
   */
  pidSpace?: string;
}

/** Prefix of the session records. */
export const SESSION_INFOS = 'session-info:';

/** The record of one session's info. */
export function sessionInfoKey(sessionId: string): string {
  return `${SESSION_INFOS}${sessionId}`;
}

/**
 * Writes a session's info, and forgets those of sessions whose lease is gone (killed before they could release
 * it), so the records stay as many as the live sessions.
 */
export async function publishSessionInfo(
  store: StateStore,
  account: AccountId,
  sessionId: string,
  info: SessionInfo,
): Promise<void> {
  await store.putRecord(account, sessionInfoKey(sessionId), JSON.stringify(info));
  const live = new Set(
    (await store.listLeases(account, SESSION_LEASES)).map((lease) => lease.name.slice(SESSION_LEASES.length)),
  );
  live.add(sessionId);
  for (const { key } of await store.listRecords(account, SESSION_INFOS))
    if (!live.has(key.slice(SESSION_INFOS.length))) await store.deleteRecord(account, key);
}

/** One session's info, if it wrote one that parses. */
export async function readSessionInfo(
  store: StateStore,
  account: AccountId,
  sessionId: string,
): Promise<SessionInfo | undefined> {
  const text = await store.getRecord(account, sessionInfoKey(sessionId));
  return text === undefined ? undefined : parseInfo(text);
}

/** The session infos on an account, by session id; a record that does not parse is left out. */
export async function readSessionInfos(
  store: StateStore,
  account: AccountId,
): Promise<Map<string, SessionInfo>> {
  const infos = new Map<string, SessionInfo>();
  for (const { key, value } of await store.listRecords(account, SESSION_INFOS)) {
    const info = parseInfo(value);
    if (info !== undefined) infos.set(key.slice(SESSION_INFOS.length), info);
  }
  return infos;
}

function parseInfo(text: string): SessionInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<SessionInfo>;
    if (!Number.isSafeInteger(value.startedAt) || !Array.isArray(value.bots)) return undefined;
    return {
      startedAt: value.startedAt as number,
      bots: value.bots.filter((bot) => typeof bot === 'string'),
      ...(typeof value.pidSpace === 'string' ? { pidSpace: value.pidSpace } : {}),
    };
  } catch {
    return undefined;
  }
}
