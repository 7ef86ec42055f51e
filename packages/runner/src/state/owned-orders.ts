import type { AccountId, StateStore } from '@krakenkit/core/store';
import { BOT_LEASES, botOfOrderRecord } from './keys.js';
import { parseOrderRecord } from './order-record.js';

/** Which bot recorded each client order id on an account (every bot, live or not). */
export async function recordedOrders(store: StateStore, account: AccountId): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const { key, value } of await store.listRecords(account, BOT_LEASES)) {
    const bot = botOfOrderRecord(key);
    const record = bot === undefined ? undefined : parseOrderRecord(value);
    if (bot !== undefined && record !== undefined) owners.set(record.clOrdId, bot);
  }
  return owners;
}

/**
 * Which bot recorded each txid on an account: how an order with no cl_ord_id of its own is known, such as the
 * conditional close (stop) the exchange created for a bot's entry, and recorded by the bot once it claimed it.
 */
export async function recordedTxids(store: StateStore, account: AccountId): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const { key, value } of await store.listRecords(account, BOT_LEASES)) {
    const bot = botOfOrderRecord(key);
    const record = bot === undefined ? undefined : parseOrderRecord(value);
    if (bot !== undefined && record?.txid !== undefined) owners.set(record.txid, bot);
  }
  return owners;
}
