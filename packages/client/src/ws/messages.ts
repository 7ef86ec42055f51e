import type { WsProtocolError } from './errors.js';
import type { BookLevel } from './order-book.js';
import type { SpecRecord } from './wire-fields.js';

/**
 * Kraken WebSocket v2 messages as typed values (docs/kraken/websocket-v2.md). Every price, quantity and amount is decimal text
 * exactly as sent; integers (ids, counts, precisions) are numbers. Record shapes are declared once as specs: the
 * parser validates against the same spec the type is derived from.
 */

const side = ['buy', 'sell'] as const;

export const systemStatusSpec = {
  required: { system: 'string' },
  optional: { api_version: 'string', connection_id: 'string', version: 'string' },
} as const;

export const tickerSpec = {
  required: { symbol: 'string', bid: 'decimal', ask: 'decimal', last: 'decimal' },
  optional: {
    bid_qty: 'decimal',
    ask_qty: 'decimal',
    volume: 'decimal',
    vwap: 'decimal',
    low: 'decimal',
    high: 'decimal',
    change: 'decimal',
    change_pct: 'decimal',
    timestamp: 'string',
  },
} as const;

export const tradeSpec = {
  required: {
    symbol: 'string',
    side,
    price: 'decimal',
    qty: 'decimal',
    trade_id: 'int',
    timestamp: 'string',
  },
  optional: { ord_type: 'string' },
} as const;

export const candleSpec = {
  required: {
    symbol: 'string',
    open: 'decimal',
    high: 'decimal',
    low: 'decimal',
    close: 'decimal',
    volume: 'decimal',
    interval_begin: 'string',
    interval: 'int',
  },
  optional: { vwap: 'decimal', trades: 'int', timestamp: 'string' },
} as const;

export const instrumentAssetSpec = {
  required: { id: 'string', status: 'string' },
  optional: {
    precision: 'int',
    precision_display: 'int',
    borrowable: 'bool',
    collateral_value: 'decimal',
    margin_rate: 'decimal',
  },
} as const;

export const instrumentPairSpec = {
  required: { symbol: 'string', price_precision: 'int', qty_precision: 'int' },
  optional: {
    base: 'string',
    quote: 'string',
    status: 'string',
    qty_increment: 'decimal',
    qty_min: 'decimal',
    price_increment: 'decimal',
    cost_precision: 'int',
    cost_min: 'decimal',
    marginable: 'bool',
    margin_initial: 'decimal',
    position_limit_long: 'decimal',
    position_limit_short: 'decimal',
    has_index: 'bool',
  },
} as const;

export const instrumentDataSpec = {
  required: {},
  optional: { assets: { list: instrumentAssetSpec }, pairs: { list: instrumentPairSpec } },
} as const;

const feeSpec = { required: { asset: 'string', qty: 'decimal' }, optional: {} } as const;

/** Order and fill events (Kraken's executions channel; fields in docs/kraken/websocket-v2.md). */
export const executionSpec = {
  required: { exec_type: 'string', order_id: 'string' },
  optional: {
    cl_ord_id: 'string',
    order_userref: 'int',
    exec_id: 'string',
    order_status: 'string',
    order_type: 'string',
    side,
    symbol: 'string',
    order_qty: 'decimal',
    cum_qty: 'decimal',
    cum_cost: 'decimal',
    avg_price: 'decimal',
    limit_price: 'decimal',
    last_qty: 'decimal',
    last_price: 'decimal',
    cost: 'decimal',
    fees: { list: feeSpec },
    fee_usd_equiv: 'decimal',
    fee_ccy_pref: 'string',
    liquidity_ind: 'string',
    trade_id: 'int',
    time_in_force: 'string',
    post_only: 'bool',
    reduce_only: 'bool',
    margin: 'bool',
    margin_borrow: 'bool',
    position_status: 'string',
    triggers: 'json',
    contingent: 'json',
    reason: 'string',
    timestamp: 'string',
    effective_time: 'string',
    expire_time: 'string',
    sender_sub_id: 'string',
    amended: 'bool',
    display_qty: 'decimal',
    /**
     * The pair's matching-engine counter, when subscribed with `ratecounter: true`. Field name UNCONFIRMED for v2:
     * Kraken names the v1 `openOrders` field `ratecount` (docs/kraken/rate-limits.md).
     */
    ratecount: 'decimal',
  },
} as const;

const walletSpec = { required: { balance: 'decimal' }, optional: { type: 'string', id: 'string' } } as const;

export const balanceSnapshotSpec = {
  required: { asset: 'string', balance: 'decimal' },
  optional: { asset_class: 'string', wallets: { list: walletSpec } },
} as const;

export const balanceUpdateSpec = {
  required: { asset: 'string', amount: 'decimal', balance: 'decimal', ledger_id: 'string', type: 'string' },
  optional: {
    asset_class: 'string',
    fee: 'decimal',
    ref_id: 'string',
    timestamp: 'string',
    subtype: 'string',
    category: 'string',
    wallet_type: 'string',
    wallet_id: 'string',
  },
} as const;

/** One entry of the `status` channel. */
export type WsSystemStatus = SpecRecord<typeof systemStatusSpec>;
/** One entry of the `ticker` channel. */
export type WsTicker = SpecRecord<typeof tickerSpec>;
/** One trade of the `trade` channel. */
export type WsTrade = SpecRecord<typeof tradeSpec>;
/** One candle of the `ohlc` channel. */
export type WsCandle = SpecRecord<typeof candleSpec>;
/** One asset of the `instrument` channel. */
export type InstrumentAsset = SpecRecord<typeof instrumentAssetSpec>;
/** One pair of the `instrument` channel. */
export type InstrumentPair = SpecRecord<typeof instrumentPairSpec>;
/** The `instrument` channel's data: assets and pairs. */
export type InstrumentData = SpecRecord<typeof instrumentDataSpec>;
/** One order or trade event of the `executions` channel. */
export type ExecutionReport = SpecRecord<typeof executionSpec>;
/** One asset of a `balances` snapshot. */
export type BalanceSnapshot = SpecRecord<typeof balanceSnapshotSpec>;
/** One ledger change of a `balances` update. */
export type BalanceUpdate = SpecRecord<typeof balanceUpdateSpec>;

/** Whether a channel message is the first full picture (`snapshot`) or a change (`update`). */
export type PushType = 'snapshot' | 'update';

/** One symbol's part of a `book` message. Levels are decimal text as sent (trailing zeros possibly dropped). */
export interface BookData {
  symbol: string;
  bids: BookLevel[];
  asks: BookLevel[];
  checksum: number;
  timestamp?: string;
}

/** The `heartbeat` channel: sent about once a second while nothing else is. */
export interface HeartbeatMessage {
  channel: 'heartbeat';
}
/** A `status` channel message. */
export interface StatusMessage {
  channel: 'status';
  type: PushType;
  data: WsSystemStatus[];
}
/** A `book` channel message. */
export interface BookMessage {
  channel: 'book';
  type: PushType;
  data: BookData[];
}
/** A `ticker` channel message. */
export interface TickerMessage {
  channel: 'ticker';
  type: PushType;
  data: WsTicker[];
}
/** A `trade` channel message. */
export interface TradeMessage {
  channel: 'trade';
  type: PushType;
  data: WsTrade[];
}
/** An `ohlc` channel message. */
export interface OhlcMessage {
  channel: 'ohlc';
  type: PushType;
  data: WsCandle[];
}
/** An `instrument` channel message. */
export interface InstrumentMessage {
  channel: 'instrument';
  type: PushType;
  data: InstrumentData;
}
/** An `executions` channel message. */
export interface ExecutionsMessage {
  channel: 'executions';
  type: PushType;
  data: ExecutionReport[];
  /** Message sequence number on the executions channel (gaps mean lost messages). */
  sequence?: number;
}
/** A `balances` channel message: a snapshot or an update. */
export type BalancesMessage =
  | { channel: 'balances'; type: 'snapshot'; data: BalanceSnapshot[]; sequence?: number }
  | { channel: 'balances'; type: 'update'; data: BalanceUpdate[]; sequence?: number };

/** A data push on a channel. */
export type ChannelMessage =
  | HeartbeatMessage
  | StatusMessage
  | BookMessage
  | TickerMessage
  | TradeMessage
  | OhlcMessage
  | InstrumentMessage
  | ExecutionsMessage
  | BalancesMessage;

/** The name of a WebSocket v2 channel. */
export type ChannelName = ChannelMessage['channel'];

/**
 * The answer to a request (`subscribe`, `add_order`, `ping`'s `pong`, ...). `result` is left as lossless JSON
 * (numbers as text); each method reads it with its own spec.
 */
export interface MethodResponse {
  method: string;
  req_id?: number;
  /** `pong` carries no `success`; it is read as true. */
  success: boolean;
  result?: unknown;
  error?: string;
  warnings?: string[];
  /** Subscribe failures name the symbol they are about. */
  symbol?: string;
  time_in?: string;
  time_out?: string;
}

/** What one frame turned out to be. Parsing never throws: malformed frames come back as `invalid`. */
export type ParsedFrame =
  | { kind: 'channel'; message: ChannelMessage }
  | { kind: 'response'; message: MethodResponse }
  | { kind: 'unrecognized'; value: unknown }
  | { kind: 'invalid'; error: WsProtocolError };
