import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { BotClient } from '../engine/connect.js';
import { recordedOrders } from './owned-orders.js';
import type { SessionLeases } from './session-leases.js';

/** Whether a stopping session may turn its key's dead man's switch off, and why (or why not). */
export interface DisarmDecision {
  disarm: boolean;
  reason: string;
}

/**
 * CancelAllOrdersAfter is per key: turning it off strips every order of the key of its protection. A stopping
 * session does so only when no other session is alive on the key (it relies on the switch) and no order any bot
 * recorded rests there (kept for the next session to adopt: if none comes, the switch cancels them).
 */
export async function disarmDecision(input: {
  store: StateStore;
  account: AccountId;
  leases: SessionLeases;
  client: BotClient;
  /** A stopping session's signal: the OpenOrders read is abandoned with it (the switch then stays armed). */
  signal?: AbortSignal;
}): Promise<DisarmDecision> {
  const others = await input.leases.otherSessions(input.account);
  if (others.length > 0)
    return { disarm: false, reason: `${others.length} other live session(s) on the key rely on it` };
  const [open, recorded] = await Promise.all([
    input.client.openOrders({}, input.signal === undefined ? {} : { signal: input.signal }),
    recordedOrders(input.store, input.account),
  ]);
  const owned = Object.values(open.open).filter(
    (info) => info.cl_ord_id && recorded.has(info.cl_ord_id),
  ).length;
  if (owned > 0)
    return {
      disarm: false,
      reason: `${owned} bot order(s) rest for the next session to adopt; Kraken cancels them when the timeout passes unless a session refreshes it`,
    };
  return { disarm: true, reason: 'no bot order rests on the key and no other session runs' };
}
