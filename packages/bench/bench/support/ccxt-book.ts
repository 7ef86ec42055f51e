/**
 * CCXT's Kraken WebSocket v2 order book handling, driven without a network: a `ccxt.pro.kraken` instance, its own
 * ws Client for the v2 public URL (created, never connected), marked subscribed to the symbol's book as
 * `watchOrderBook` would, and fed text frames through `client.onMessage({ data })`, CCXT's real receive path
 * (JSON.parse with its big-integer guard, then `exchange.handleMessage` → `handleOrderBook` → `client.resolve`).
 *
 * Three variants:
 * - `as-shipped`: `options.watchOrderBook.checksum = true` on CCXT as installed. Its checksum loop calls
 *   `formatNumber(level[0])` with the NUMBER its book stores, and `formatNumber` calls `.split('.')` on it: every
 *   message throws a TypeError, which Client.onMessage catches and turns into `client.reject`.
 * - `fixed`: the same with the smallest repair that lets CCXT's own checksum loop run and be right: numbers are
 *   printed at the instrument's precision (price 1, qty 8 decimals, alternating as the loop asks price then qty)
 *   before CCXT's `formatNumber`, join and pure-JS `crc32` do the rest. This is the comparison baseline.
 * - `off`: CCXT's default (`checksum: false`): parse + apply, no verification at all.
 *
 * `createCcxtKraken` and `ccxtBookTop` set up and read the same variants when CCXT runs over a real socket
 * (book-e2e/ccxt-client.ts).
 *
 * CCXT may be used only in this package (packages/bench).
 */
import ccxt from 'ccxt';
import { PRECISION, SYMBOL, type TextLevel } from './book-stream.js';

export type CcxtVariant = 'as-shipped' | 'fixed' | 'off';

const KRAKEN_WS_V2 = 'wss://ws.kraken.com/v2';

/**
 * CCXT's kraken with `formatNumber` given precision-formatted text instead of a float. CCXT calls it for the price
 * then the qty of each of the 10 asks and 10 bids, always in that order, so alternating is exact.
 */
export class KrakenWithPrecision extends ccxt.pro.kraken {
  #calls = 0;

  override formatNumber(data: string | number): string {
    if (typeof data !== 'number') return super.formatNumber(data);
    const decimals = this.#calls % 2 === 0 ? PRECISION.price : PRECISION.qty;
    this.#calls += 1;
    return super.formatNumber(data.toFixed(decimals));
  }
}

/** One CCXT exchange instance ready to receive book frames for SYMBOL. */
export interface CcxtBookFeed {
  /** Hands one text frame to CCXT's ws client as the socket would. */
  feed(frame: string): void;
  /** Errors CCXT turned into rejections (checksum errors, exceptions in the handler). */
  readonly errors: unknown[];
  /** The top `limit` levels of CCXT's book as decimal text at the instrument's precision. */
  top(limit: number): { asks: TextLevel[]; bids: TextLevel[] };
  close(): Promise<void>;
}

/** A CCXT kraken Pro instance set up as `variant`: the class it needs and its checksum option. */
export function createCcxtKraken(variant: CcxtVariant): InstanceType<typeof ccxt.pro.kraken> {
  const exchange = variant === 'fixed' ? new KrakenWithPrecision({}) : new ccxt.pro.kraken({});
  exchange.options['watchOrderBook'] = { checksum: variant !== 'off' };
  return exchange;
}

/** The top `limit` levels of `exchange`'s book for SYMBOL as decimal text at the instrument's precision. */
export function ccxtBookTop(
  exchange: InstanceType<typeof ccxt.pro.kraken>,
  limit: number,
): { asks: TextLevel[]; bids: TextLevel[] } {
  const book = exchange.orderbooks[SYMBOL];
  const text = (side: unknown): TextLevel[] =>
    ((side ?? []) as Array<[number, number]>).slice(0, limit).map(([price, qty]) => ({
      price: price.toFixed(PRECISION.price),
      qty: qty.toFixed(PRECISION.qty),
    }));
  return { asks: text(book?.asks), bids: text(book?.bids) };
}

/** CCXT as `variant`, fed frames for SYMBOL by hand through its ws client's receive path (no socket). */
export function createCcxtBookFeed(variant: CcxtVariant, depth: number): CcxtBookFeed {
  const exchange = createCcxtKraken(variant);
  const client = exchange.client(KRAKEN_WS_V2);
  // What watchOrderBook records before the first message arrives.
  const messageHash = exchange.getMessageHash('orderbook', undefined, SYMBOL);
  client.subscriptions[messageHash] = {
    method: 'subscribe',
    params: { channel: 'book', symbol: [SYMBOL], depth },
  };
  const errors: unknown[] = [];
  const reject = client.reject.bind(client);
  client.reject = (result: unknown, hash?: string) => {
    errors.push(result);
    return reject(result, hash);
  };
  return {
    feed: (frame) => client.onMessage({ data: frame }),
    errors,
    top: (limit) => ccxtBookTop(exchange, limit),
    close: () => exchange.close(),
  };
}
