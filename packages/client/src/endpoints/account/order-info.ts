/** Order status as REST spells it (`canceled`, one L). */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

/** An order as OpenOrders / ClosedOrders / QueryOrders return it (docs/kraken/rest-endpoints.md). Decimal text kept as sent. */
export interface OrderInfo {
  refid: string | null;
  userref: number | null;
  cl_ord_id?: string | null;
  status: OrderStatus;
  /** Unix time, seconds with fraction. */
  opentm: number;
  starttm: number;
  expiretm: number;
  descr: {
    pair: string;
    type: 'buy' | 'sell';
    ordertype: string;
    price: string;
    price2: string;
    /** `none` or e.g. `5:1`. */
    leverage: string;
    order: string;
    close: string;
  };
  vol: string;
  vol_exec: string;
  cost: string;
  fee: string;
  /** Average fill price. */
  price: string;
  stopprice: string;
  limitprice: string;
  trigger?: 'last' | 'index';
  margin?: boolean;
  /** Comma list: stopped, touched, liquidated, partial, amended. */
  misc: string;
  oflags: string;
  sender_sub_id?: string | null;
  /** Trade ids, when `trades: true` was asked for. */
  trades?: string[];
}

/** A closed order adds when and why it closed. */
export interface ClosedOrderInfo extends OrderInfo {
  closetm: number;
  reason?: string | null;
}

/** A trade (fill) as TradesHistory / QueryTrades return it. */
export interface TradeInfo {
  ordertxid: string;
  postxid: string;
  pair: string;
  time: number;
  type: 'buy' | 'sell';
  ordertype: string;
  price: string;
  cost: string;
  fee: string;
  vol: string;
  margin: string;
  leverage?: string;
  misc: string;
  trade_id?: number;
  maker?: boolean;
  ledgers?: string[];
  posstatus?: string;
  cprice?: string;
  ccost?: string;
  cfee?: string;
  cvol?: string;
  cmargin?: string;
  net?: string;
  trades?: string[];
}

/** A ledger entry as Ledgers / QueryLedgers return it. */
export interface LedgerEntry {
  refid: string;
  time: number;
  type: string;
  subtype: string;
  aclass: string;
  asset: string;
  amount: string;
  fee: string;
  balance: string;
}
