import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendDigits, appendFragment, CRC_START, crcValue, digitCount } from '../src/ws/checksum-crc.js';
import { checksumDigits } from '../src/ws/decimal-text.js';
import { LocalOrderBook } from '../src/ws/order-book.js';

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** Decimal text as a book holds it, short or (to cover long zero shifts) over a hundred digits. */
const decimalText = fc
  .tuple(digits(1, 70), fc.option(digits(1, 70), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

describe("the book checksum assembled from each level's cached CRC parts", () => {
  it('equals zlib.crc32 of the concatenated checksum text, for any levels', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimalText, decimalText), { maxLength: 20 }), (levels) => {
        let register = CRC_START;
        let text = '';
        for (const [price, qty] of levels) {
          const fragment = appendDigits(appendDigits(0, price), qty);
          register = appendFragment(register, fragment, digitCount(price) + digitCount(qty));
          text += checksumDigits(price) + checksumDigits(qty);
        }
        expect(crcValue(register)).toBe(crc32(text) >>> 0);
      }),
      { numRuns: 1_000 },
    );
  });

  it('counts the digits the checksum keeps: no dot, no leading zeros', () => {
    for (const text of ['0.00100000', '45285.2', '0', '0.0', '100', '10.05', '0.5'])
      expect(digitCount(text)).toBe(checksumDigits(text).length);
  });

  it('keeps LocalOrderBook.checksum() equal to the CRC32 of its checksum text as levels change', () => {
    const level = fc.record({
      price: fc.integer({ min: 1, max: 400 }).map((ticks) => (ticks / 10).toFixed(1)),
      qty: fc.oneof(
        fc.constant('0'),
        fc.integer({ min: 1, max: 10 ** 9 }).map((units) => (units / 1e8).toFixed(8)),
      ),
    });
    const message = fc.record({
      bids: fc.array(level, { maxLength: 4 }),
      asks: fc.array(level, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(10, 25),
        fc.array(message, { minLength: 1, maxLength: 30 }),
        (depth, messages) => {
          const book = new LocalOrderBook('X/Y', depth, { price: 1, qty: 8 });
          for (const { bids, asks } of messages) {
            book.apply(bids, asks);
            expect(book.checksum()).toBe(crc32(book.checksumInput()) >>> 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
