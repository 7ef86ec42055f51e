import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumDigits, fixPrecision } from '../src/ws/decimal-text.js';
import { type BookLevel, bookChecksum, bookChecksumInput, LocalOrderBook } from '../src/ws/order-book.js';

// docs/kraken/websocket-v2.md: official v2 worked example (BTC/USD, price precision 1, qty precision 8), levels as JSON numbers
// print them: trailing zeros gone (0.00100000 → 0.001, 45281.0 → 45281).
const asks: BookLevel[] = [
  ['45285.2', '0.001'],
  ['45286.4', '1.54571953'],
  ['45286.6', '1.54571109'],
  ['45289.6', '1.54560911'],
  ['45290.2', '0.1589066'],
  ['45291.8', '1.54553491'],
  ['45294.7', '0.04454749'],
  ['45296.1', '0.3538'],
  ['45297.5', '0.09945542'],
  ['45299.5', '0.18772827'],
].map(([price, qty]) => ({ price: price as string, qty: qty as string }));
const bids: BookLevel[] = [
  ['45283.5', '0.1'],
  ['45283.4', '1.54582015'],
  ['45282.1', '0.1'],
  ['45281', '0.1'],
  ['45280.3', '1.54592586'],
  ['45279', '0.0799'],
  ['45277.6', '0.03310103'],
  ['45277.5', '0.3'],
  ['45277.3', '1.54602737'],
  ['45276.6', '0.15445238'],
].map(([price, qty]) => ({ price: price as string, qty: qty as string }));

const OFFICIAL_ASKS =
  '45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827';
const OFFICIAL_BIDS =
  '452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238';

describe('Kraken book checksum', () => {
  it('reproduces the official v2 worked example (3310070434) from float-printed levels', () => {
    const precision = { price: 1, qty: 8 };
    expect(bookChecksumInput(asks, bids, precision)).toBe(OFFICIAL_ASKS + OFFICIAL_BIDS);
    expect(bookChecksum(asks, bids, precision)).toBe(3310070434);
  });

  it('gets the same checksum from a LocalOrderBook fed the levels in any order', () => {
    const book = new LocalOrderBook('BTC/USD', 10, { price: 1, qty: 8 });
    book.apply([...bids].reverse(), [...asks].reverse());
    expect(book.checksumInput()).toBe(OFFICIAL_ASKS + OFFICIAL_BIDS);
    expect(book.checksum()).toBe(3310070434);
    expect(book.top(1)).toEqual({
      asks: [{ price: '45285.2', qty: '0.00100000' }],
      bids: [{ price: '45283.5', qty: '0.10000000' }],
    });
  });

  it('would fail with naive float text (the trailing zero of 45281.0 matters)', () => {
    const naive = bids.map((level) => ({
      price: String(Number(level.price)),
      qty: String(Number(level.qty)),
    }));
    const naiveAsks = asks.map((level) => ({
      price: String(Number(level.price)),
      qty: String(Number(level.qty)),
    }));
    expect(bookChecksum(naiveAsks, naive)).not.toBe(3310070434);
  });

  it('reproduces the official v1 example (974947235) from verbatim wire strings', () => {
    const v1Asks = Array.from({ length: 10 }, (_, i) => ({
      price: (0.05005 + i * 0.00005).toFixed(5),
      qty: '0.00000500',
    }));
    const v1Bids = [
      '0.05000',
      '0.04995',
      '0.04990',
      '0.04980',
      '0.04975',
      '0.04970',
      '0.04965',
      '0.04960',
      '0.04955',
      '0.04950',
    ].map((price) => ({ price, qty: '0.00000500' }));
    const expected =
      '50055005010500501550050205005025500503050050355005040500504550050505005000500499550049905004980500497550049705004965500496050049555004950500';
    expect(bookChecksumInput(v1Asks, v1Bids)).toBe(expected);
    expect(bookChecksum(v1Asks, v1Bids)).toBe(974947235);
    expect(checksumDigits('0.05000') + checksumDigits('0.00000304')).toBe('5000304');
  });

  it('formats like the reference (toFixed, drop ".", strip leading zeros) for any level', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10 }),
        (units, precision) => {
          const scaled = units.toString().padStart(precision + 1, '0');
          const fixed =
            precision === 0 ? scaled : `${scaled.slice(0, -precision)}.${scaled.slice(-precision)}`;
          const shortest = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
          expect(fixPrecision(shortest, precision)).toBe(fixed);
          expect(checksumDigits(fixed)).toBe(fixed.replace('.', '').replace(/^0+/, ''));
        },
      ),
    );
  });

  it('refuses text with more decimals than the precision unless they are zeros', () => {
    expect(fixPrecision('1.2300', 2)).toBe('1.23');
    expect(fixPrecision('1.235', 2)).toBeUndefined();
    expect(fixPrecision('7.000', 0)).toBe('7');
  });

  it('is the unsigned zlib CRC32 of the text', () => {
    expect(crc32(OFFICIAL_ASKS + OFFICIAL_BIDS) >>> 0).toBe(3310070434);
  });
});
