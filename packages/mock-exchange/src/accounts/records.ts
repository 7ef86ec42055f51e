import type { Decimal } from '../core/decimal.js';
import type { Pair } from '../market/pairs.js';
import type { OrderType, Side } from '../orders/order.js';

/** One of the account's own trades (TradesHistory / QueryTrades). */
export interface TradeRecord {
  readonly id: string;
  readonly ordertxid: string;
  /** Position the trade opened or reduced (margin trades). */
  readonly postxid: string | undefined;
  readonly pair: Pair;
  readonly time: number;
  readonly side: Side;
  readonly ordertype: OrderType;
  readonly price: Decimal;
  readonly cost: Decimal;
  /** The fee valued in the quote currency (TradesHistory's `fee`), whatever currency it was taken in. */
  readonly fee: Decimal;
  /** The fee as it was taken: in the base currency for a spot trade under `fcib`, else as `fee` in the quote. */
  readonly feeCharged: { readonly asset: string; readonly amount: Decimal };
  readonly vol: Decimal;
  /** Initial margin of the trade (margin trades), quote. */
  readonly margin: Decimal;
  readonly leverage: number | undefined;
  readonly maker: boolean;
  /** Public trade id (integer, as Kraken's `trade_id`). */
  readonly tradeId: number;
  /** `open` when it opened a position, `closed`/`closing` when it reduced one. */
  readonly posstatus: 'open' | 'closed' | 'closing' | undefined;
  /** Realised P&L of the closed share (margin closes), quote. */
  readonly net: Decimal | undefined;
}

export type LedgerType = 'trade' | 'margin' | 'rollover' | 'withdrawal' | 'deposit' | 'adjustment';

/** A balance change (Ledgers / QueryLedgers; the WS balances channel). */
export interface LedgerEntry {
  readonly id: string;
  readonly refid: string;
  readonly time: number;
  readonly type: LedgerType;
  readonly subtype: string;
  readonly asset: string;
  readonly amount: Decimal;
  readonly fee: Decimal;
  /** Balance of the asset after the entry. */
  readonly balance: Decimal;
}

export type WithdrawalStatus = 'Initial' | 'Pending' | 'Settled' | 'Success' | 'Failure';

/** A withdrawal as the exchange recorded it (WithdrawStatus answers from these). */
export interface WithdrawalRecord {
  readonly refid: string;
  readonly asset: string;
  readonly key: string;
  readonly address: string;
  readonly method: string;
  /** Amount requested (fee included, as Kraken's Withdraw `amount`). */
  readonly amount: Decimal;
  readonly fee: Decimal;
  readonly usdValue: Decimal;
  readonly time: number;
  status: WithdrawalStatus;
  readonly txid: string;
}
