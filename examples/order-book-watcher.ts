/**
 * Watches a verified order book over Kraken's WebSocket v2 with the client's WS client: every update is applied
 * to a local book and checked against Kraken's CRC32 checksum before you see it; a mismatch triggers a resync of
 * that symbol only. Here against the embedded mock exchange's WebSocket server.
 *
 *   node --conditions=@krakenkit/source --import tsx examples/order-book-watcher.ts
 * For Kraken itself: createWsClient() with no url (wss://ws.kraken.com/v2).
 */
import { pathToFileURL } from 'node:url';
import { type BookView, createWsClient } from '@krakenkit/client/ws';
import { startMockExchange } from '@krakenkit/mock-exchange';

export interface WatchOptions {
  symbol?: string;
  /** Stop after this many verified book states (the snapshot counts). */
  updates?: number;
  log?: (line: string) => void;
}

export async function main(options: WatchOptions = {}): Promise<BookView[]> {
  const symbol = options.symbol ?? 'BTC/USD';
  const log = options.log ?? console.log;
  const exchange = await startMockExchange();
  const ws = createWsClient({ url: exchange.wsUrl });
  const seen: BookView[] = [];
  try {
    const book = ws.subscribe({ channel: 'book', symbol: [symbol], depth: 10 });
    for await (const event of book) {
      const view = event.book(5);
      seen.push(view);
      const [bid, ask] = [view.bids[0], view.asks[0]];
      log(
        `${event.type.padEnd(8)} ${symbol} bid ${bid?.price} × ${bid?.qty}   ask ${ask?.price} × ${ask?.qty}   checksum ${event.checksum} ✓`,
      );
      if (seen.length >= (options.updates ?? 5)) break; // leaving the loop unsubscribes
    }
    return seen;
  } finally {
    await ws.close();
    await exchange.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
