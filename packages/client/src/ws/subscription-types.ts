import type { OhlcInterval } from '../endpoints/market/ohlc.js';
import type { BookState } from './book-sync.js';
import type {
  BalancesMessage,
  ExecutionsMessage,
  InstrumentMessage,
  PushType,
  WsCandle,
  WsTicker,
  WsTrade,
} from './messages.js';
import type { BookDepth, BookLevel, BookPrecision } from './order-book.js';
import type { OverflowPolicy } from './stream.js';

/** Subscribes to order books, kept locally and verified with Kraken's CRC32 checksum. */
export interface BookSubscribeRequest {
  channel: 'book';
  symbol: readonly string[];
  /** Levels per side kept locally (default 10). */
  depth?: BookDepth;
  /**
   * Decimals of prices and quantities, for the checksum: one for all symbols, or per symbol. When absent (and not
   * in the client's `precision` option), the client reads them from the `instrument` channel before subscribing.
   */
  precision?: BookPrecision | Readonly<Record<string, BookPrecision>>;
}
/** Subscribes to the `ticker` channel. */
export interface TickerSubscribeRequest {
  channel: 'ticker';
  symbol: readonly string[];
  event_trigger?: 'bbo' | 'trades';
  snapshot?: boolean;
}
/** Subscribes to the `trade` channel. */
export interface TradeSubscribeRequest {
  channel: 'trade';
  symbol: readonly string[];
  snapshot?: boolean;
}
/** Subscribes to the `ohlc` channel. */
export interface OhlcSubscribeRequest {
  channel: 'ohlc';
  symbol: readonly string[];
  interval: OhlcInterval;
  snapshot?: boolean;
}
/** Subscribes to the `instrument` channel (assets and pairs). */
export interface InstrumentSubscribeRequest {
  channel: 'instrument';
  snapshot?: boolean;
}
/** Subscribes to the account's order and trade events (authenticated). */
export interface ExecutionsSubscribeRequest {
  channel: 'executions';
  snap_orders?: boolean;
  snap_trades?: boolean;
  order_status?: boolean;
  ratecounter?: boolean;
}
/** Subscribes to the account's balances (authenticated). */
export interface BalancesSubscribeRequest {
  channel: 'balances';
  snapshot?: boolean;
}

/** Any channel subscription `WsClient.subscribe` accepts. */
export type SubscribeRequest =
  | BookSubscribeRequest
  | TickerSubscribeRequest
  | TradeSubscribeRequest
  | OhlcSubscribeRequest
  | InstrumentSubscribeRequest
  | ExecutionsSubscribeRequest
  | BalancesSubscribeRequest;

/** A verified book's levels at one moment (decimal text, best first). */
export interface BookView {
  symbol: string;
  checksum: number;
  asks: BookLevel[];
  bids: BookLevel[];
}

/**
 * A book changed and passed its checksum. Streams coalesce these per symbol, so a slow consumer always reads the
 * current book through `book()` rather than a backlog of stale states.
 */
export interface BookEvent {
  channel: 'book';
  /** The latest message's type (`snapshot` after a subscribe, resync or reconnect). */
  type: PushType;
  symbol: string;
  /** Kraken's checksum of the message, which the local book matched. */
  checksum: number;
  /** The book now, best `limit` levels per side; throws BookUnavailableError if it has since become invalid. */
  book(limit?: number): BookView;
  /** The book's state now. */
  state(): BookState | undefined;
}

/** Data for one symbol from a `ticker`, `trade` or `ohlc` message. */
export interface SymbolEvent<C extends string, T> {
  channel: C;
  type: PushType;
  symbol: string;
  data: T[];
}

/** What a ticker subscription yields. */
export type TickerEvent = SymbolEvent<'ticker', WsTicker>;
/** What a trade subscription yields. */
export type TradeEvent = SymbolEvent<'trade', WsTrade>;
/** What an ohlc subscription yields. */
export type OhlcEvent = SymbolEvent<'ohlc', WsCandle>;

/** What a subscription to `R` yields. */
export type EventOf<R extends SubscribeRequest> = R extends BookSubscribeRequest
  ? BookEvent
  : R extends TickerSubscribeRequest
    ? TickerEvent
    : R extends TradeSubscribeRequest
      ? TradeEvent
      : R extends OhlcSubscribeRequest
        ? OhlcEvent
        : R extends InstrumentSubscribeRequest
          ? InstrumentMessage
          : R extends ExecutionsSubscribeRequest
            ? ExecutionsMessage
            : BalancesMessage;

/** Options of `WsClient.subscribe`. */
export interface SubscribeOptions {
  /** Ends the subscription (and unsubscribes when no one else holds the channel). */
  signal?: AbortSignal;
  /** Buffer bound for a slow consumer (defaults per channel: see DEFAULT_BUFFERS). */
  capacity?: number;
  /** What happens when the buffer is full (defaults per channel). */
  overflow?: OverflowPolicy;
}

/** Defaults per channel: state-like feeds coalesce; event feeds never drop silently. */
export const DEFAULT_BUFFERS: Readonly<
  Record<SubscribeRequest['channel'], { capacity: number; overflow: OverflowPolicy }>
> = {
  book: { capacity: 1_000, overflow: 'coalesce' },
  ticker: { capacity: 1_000, overflow: 'coalesce' },
  ohlc: { capacity: 10_000, overflow: 'drop-oldest' },
  trade: { capacity: 10_000, overflow: 'error' },
  instrument: { capacity: 100, overflow: 'error' },
  executions: { capacity: 10_000, overflow: 'error' },
  balances: { capacity: 10_000, overflow: 'error' },
};

/**
 * A live subscription: an async iterator of its events, `ready` once Kraken acknowledged every symbol, and
 * `unsubscribe()`. Breaking out of `for await` also unsubscribes.
 */
export interface Subscription<T> extends AsyncIterable<T> {
  readonly ready: Promise<void>;
  /** Ends the subscription; the channel is unsubscribed when no other subscription holds it. */
  unsubscribe(): Promise<void>;
  /** The subscription's events, in order. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
}
