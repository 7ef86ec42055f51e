import type { BookView } from './book-view.js';

/** The part of a `ws` WebSocket a connection uses (a test can pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  /** Bytes queued in user land, not yet handed to the OS: grows when the peer does not read. */
  readonly bufferedAmount: number;
  send(text: string): void;
  terminate(): void;
}

const OPEN = 1;

/** A live `book` subscription of one symbol. */
export interface BookSub {
  symbol: string;
  view: BookView;
}

/** The private identity a connection proved with a token. */
export interface PrivateSub {
  accountId: string;
  token: string;
}

/**
 * One client connection: its socket, what it subscribed to, and a bounded send path. When a consumer stops reading,
 * frames pile up in `bufferedAmount`; past `maxBufferedBytes` the connection is terminated instead of buffering
 * without end (Kraken too disconnects clients that cannot keep up; the client reconnects and resubscribes).
 */
export class WsConnection {
  readonly id: number;
  readonly books = new Map<string, BookSub>();
  /** ticker / trade subscriptions: pair id → symbol as the client wrote it. */
  readonly tickers = new Map<string, string>();
  readonly trades = new Map<string, string>();
  /** ohlc subscriptions: `<pair id>|<interval>` → symbol and interval. */
  readonly candles = new Map<string, { symbol: string; pairId: string; interval: number }>();
  instrument = false;
  executions: PrivateSub | undefined;
  balances: PrivateSub | undefined;
  /** Message sequence numbers of the private channels. */
  executionsSequence = 0;
  balancesSequence = 0;
  /** When the last frame was sent (ms, wall clock): heartbeats fill silences only. */
  lastSentAt = 0;
  readonly #socket: SocketLike;
  readonly #maxBufferedBytes: number;
  readonly #onOverflow: (connection: WsConnection) => void;

  constructor(
    id: number,
    socket: SocketLike,
    maxBufferedBytes: number,
    onOverflow: (connection: WsConnection) => void,
  ) {
    this.id = id;
    this.#socket = socket;
    this.#maxBufferedBytes = maxBufferedBytes;
    this.#onOverflow = onOverflow;
  }

  get isOpen(): boolean {
    return this.#socket.readyState === OPEN;
  }

  /** Whether anything is subscribed (heartbeats are sent only then, as Kraken does). */
  get subscribed(): boolean {
    return this.subscriptionCount > 0;
  }

  /** Subscriptions held: one per symbol of each public channel (ohlc per interval), one per other channel. */
  get subscriptionCount(): number {
    const others = [this.instrument, this.executions !== undefined, this.balances !== undefined];
    return (
      this.books.size +
      this.tickers.size +
      this.trades.size +
      this.candles.size +
      others.filter(Boolean).length
    );
  }

  /** Sends a frame; a consumer whose buffer exceeds the bound is disconnected. Returns whether it was sent. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    if (this.#socket.bufferedAmount + text.length > this.#maxBufferedBytes) {
      this.#socket.terminate();
      this.#onOverflow(this);
      return false;
    }
    this.#socket.send(text);
    this.lastSentAt = Date.now();
    return true;
  }

  terminate(): void {
    this.#socket.terminate();
  }
}
