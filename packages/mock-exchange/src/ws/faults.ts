import type { MarketCatalog } from '../market/pairs.js';
import type { WsConnection } from './connection.js';

/**
 * WebSocket faults on demand: drop every connection (as a network failure would), or make the next book update
 * of a symbol carry a wrong checksum (the levels stay right, so a client that resyncs gets a correct book).
 */
export class WsFaults {
  readonly #catalog: MarketCatalog;
  readonly #connections: () => Iterable<WsConnection>;
  readonly #corrupt = new Map<string, number>();

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
}
