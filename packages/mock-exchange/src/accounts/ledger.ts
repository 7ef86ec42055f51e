import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import type { Account } from './account.js';
import type { LedgerEntry, LedgerType } from './records.js';

export interface LedgerPosting {
  refid: string;
  type: LedgerType;
  subtype?: string;
  asset: string;
  /** Signed change before the fee. */
  amount: Decimal;
  fee?: Decimal;
  time: number;
}

/**
 * Moves a balance and records it as Kraken does: `balance` after = before + amount − fee. Every balance change
 * of the exchange goes through here, so the ledger always explains the balances.
 */
export function post(ctx: ExchangeContext, account: Account, posting: LedgerPosting): LedgerEntry {
  const fee = posting.fee ?? ZERO;
  const balance = account.adjust(posting.asset, posting.amount.minus(fee));
  const entry: LedgerEntry = {
    id: ctx.ids.next('L'),
    refid: posting.refid,
    time: posting.time,
    type: posting.type,
    subtype: posting.subtype ?? '',
    asset: posting.asset,
    amount: posting.amount,
    fee,
    balance,
  };
  account.ledger.set(entry.id, entry);
  ctx.events.emit('ledger', { accountId: account.id, entry });
  return entry;
}
