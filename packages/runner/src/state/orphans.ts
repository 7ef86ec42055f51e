import type { OrderInfo } from '@krakenkit/client';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { KeyView } from './exchange-view.js';
import { orderRecordKey } from './keys.js';
import { recordedOrders, recordedTxids } from './owned-orders.js';

/** An open order of the key that no live session owns. */
export interface Orphan {
  txid: string;
  /** The pair as the exchange names it in the order (`XBTUSD`). */
  pair: string;
  side: 'buy' | 'sell';
  volume: string;
  /** The bot that recorded it, when one did (a bot no session runs now). */
  recordedBy?: string;
  clOrdId?: string;
}

/**
 * The key's open orders that no live session owns: neither recorded by a bot whose lease is alive (another
 * session runs it) nor by a bot of this config (adopted, or disabled here). Placed by hand, by another program,
 * or by a bot no session runs any more.
 */
export async function findOrphans(
  store: StateStore,
  account: AccountId,
  view: KeyView,
  owners: { liveBots: ReadonlySet<string>; configBots: ReadonlySet<string> },
): Promise<Orphan[]> {
  const recorded = await recordedOrders(store, account);
  const byTxid = await recordedTxids(store, account);
  const orphans: Orphan[] = [];
  for (const [txid, info] of Object.entries(view.open)) {
    const clOrdId = info.cl_ord_id ?? undefined;
    // An order without a cl_ord_id is a bot's when the bot recorded it (a stop it claimed), or when the exchange
    // created it for a bot's order (a conditional close names its primary in refid).
    const bot =
      clOrdId === undefined
        ? (byTxid.get(txid) ?? (info.refid ? byTxid.get(info.refid) : undefined))
        : recorded.get(clOrdId);
    if (bot !== undefined && (owners.liveBots.has(bot) || owners.configBots.has(bot))) continue;
    orphans.push(orphanOf(txid, info, bot, clOrdId));
  }
  return orphans;
}

function orphanOf(
  txid: string,
  info: OrderInfo,
  bot: string | undefined,
  clOrdId: string | undefined,
): Orphan {
  return {
    txid,
    pair: info.descr.pair,
    side: info.descr.type,
    volume: info.vol,
    ...(bot === undefined ? {} : { recordedBy: bot }),
    ...(clOrdId === undefined ? {} : { clOrdId }),
  };
}

/** Forgets the records of orphans that were cancelled (their bot runs nowhere: no one else will). */
export async function forgetOrphanRecords(
  store: StateStore,
  account: AccountId,
  cancelled: readonly Orphan[],
): Promise<void> {
  for (const orphan of cancelled)
    if (orphan.recordedBy !== undefined && orphan.clOrdId !== undefined)
      await store.deleteRecord(account, orderRecordKey(orphan.recordedBy, orphan.clOrdId));
}
