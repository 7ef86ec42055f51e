import { crc32 } from 'node:zlib';

/** One book level as the text written on the wire: price and quantity at the pair's precision. */
export type TextLevel = readonly [price: string, qty: string];

/** Levels that enter Kraken's v2 checksum per side (docs/kraken/websocket-v2.md). */
export const CHECKSUM_DEPTH = 10;

/** A number's checksum form: the wire text without its '.', leading zeros stripped. */
function digits(text: string): string {
  return text.replace('.', '').replace(/^0+/, '');
}

/**
 * Kraken's v2 book checksum: CRC32 (unsigned) of the top 10 asks (low → high) then the top 10 bids (high → low),
 * each level contributing its price digits then its quantity digits. `asks` and `bids` are best first.
 */
export function bookChecksum(asks: readonly TextLevel[], bids: readonly TextLevel[]): number {
  let input = '';
  for (const [price, qty] of asks.slice(0, CHECKSUM_DEPTH)) input += digits(price) + digits(qty);
  for (const [price, qty] of bids.slice(0, CHECKSUM_DEPTH)) input += digits(price) + digits(qty);
  return crc32(input) >>> 0;
}
