import type { MarketCatalog } from '../market/pairs.js';
import type { WsConnection } from './connection.js';

/** The public channels a subscription fault can strike. */
export type WsFaultChannel = 'book' | 'ticker' | 'trade' | 'ohlc';

/** The answer a refused subscription gets when the fault names none (Kraken's word for a service hiccup). */
export const DEFAULT_SUBSCRIBE_REFUSAL = 'EService:Unavailable';

/**
 * WebSocket faults on demand: drop every connection (as a network failure would), make the next book update
 * of a symbol carry a wrong checksum (the levels stay right, so a client that resyncs gets a correct book), or
 * refuse the next subscriptions of a channel for a symbol.
 */
export class WsFaults {
  readonly #catalog: MarketCatalog;
  readonly #connections: () => Iterable<WsConnection>;
  readonly #corrupt = new Map<string, number>();
  readonly #refusals = new Map<string, { left: number; readonly error: string }>();

  constructor(catalog: MarketCatalog, connections: () => Iterable<WsConnection>) {
    this.#catalog = catalog;
    this.#connections = connections;
  }

  /** Terminates every open connection at once (no close frame: the client sees an abnormal closure). */
  dropConnections(): number {
    let count = 0;
    for (const connection of this.#connections()) {
      if (!connection.isOpen) continue;
      connection.terminate();
      count += 1;
    }
    return count;
  }

  /** The next `count` book update rounds of `symbol` (any of the pair's names) carry a wrong checksum. */
  corruptChecksum(symbol: string, count = 1): void {
    const pair = this.#catalog.pair(symbol);
    this.#corrupt.set(pair.id, (this.#corrupt.get(pair.id) ?? 0) + count);
  }

  /** Whether the pair's next book update round must be corrupted (consumes one). */
  takeCorruption(pairId: string): boolean {
    const left = this.#corrupt.get(pairId) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.#corrupt.delete(pairId);
    else this.#corrupt.set(pairId, left - 1);
    return true;
  }

  /**
   * The next `count` subscribe requests of `channel` for `symbol` (any of the pair's names; every interval of
   * `ohlc`), on any connection, are answered `success: false` with `error` instead of being served: a refusal of
   * the exchange's, as a client sees it when it subscribes or resubscribes after a reconnect. `count` may be
   * `Infinity`; the returned function lifts the fault (the refusals left are dropped).
   */
  refuseSubscription(
    channel: WsFaultChannel,
    symbol: string,
    options: { count?: number; error?: string } = {},
  ): () => void {
    const key = `${channel}|${this.#catalog.pair(symbol).id}`;
    const left = (this.#refusals.get(key)?.left ?? 0) + (options.count ?? 1);
    const refusal = { left, error: options.error ?? DEFAULT_SUBSCRIBE_REFUSAL };
    this.#refusals.set(key, refusal);
    return () => {
      if (this.#refusals.get(key) === refusal) this.#refusals.delete(key);
    };
  }

  /** The error a subscribe of the channel for the pair must be refused with now (consumes one), if any. */
  takeRefusal(channel: WsFaultChannel, pairId: string): string | undefined {
    const key = `${channel}|${pairId}`;
    const refusal = this.#refusals.get(key);
    if (refusal === undefined) return undefined;
    refusal.left -= 1;
    if (refusal.left <= 0) this.#refusals.delete(key);
    return refusal.error;
  }
}
