import type { TextLevel } from './checksum.js';
import { rfc3339Micro, toJsonText, WireNumber } from './json-text.js';

/** JSON levels `[{"price":45285.2,"qty":0.00100000}]`: numbers written with the pair's precision, zeros kept. */
function levels(list: readonly TextLevel[]): Array<{ price: WireNumber; qty: WireNumber }> {
  return list.map(([price, qty]) => ({ price: new WireNumber(price), qty: new WireNumber(qty) }));
}

/** A v2 `book` message for one symbol; updates carry a timestamp, snapshots do not. */
export function bookMessage(
  type: 'snapshot' | 'update',
  symbol: string,
  book: { bids: readonly TextLevel[]; asks: readonly TextLevel[]; checksum: number },
  time: number | undefined,
): string {
  return toJsonText({
    channel: 'book',
    type,
    data: [
      {
        symbol,
        bids: levels(book.bids),
        asks: levels(book.asks),
        checksum: book.checksum,
        timestamp: time === undefined ? undefined : rfc3339Micro(time),
      },
    ],
  });
}
