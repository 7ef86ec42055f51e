import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalOrderBook } from '../src/ws/order-book.js';
import { StubBook } from './support/ws-stub-book.js';

type Level = { price: string; qty: string };

describe('local order book maintenance', () => {
  it('applies a snapshot then updates: qty 0 deletes, new levels insert, changes replace', () => {
    const book = new LocalOrderBook('ETH/USD', 10, { price: 2, qty: 8 });
    book.apply(
      [
        { price: '3000.5', qty: '1' },
        { price: '3000.4', qty: '2.5' },
      ],
      [
        { price: '3000.6', qty: '0.3' },
        { price: '3000.7', qty: '4' },
      ],
    );
    book.apply(
      [
        { price: '3000.50', qty: '0' },
        { price: '3000.45', qty: '0.01' },
      ],
      [{ price: '3000.6', qty: '0.35' }],
    );
    expect(book.top()).toEqual({
      bids: [
        { price: '3000.45', qty: '0.01000000' },
        { price: '3000.40', qty: '2.50000000' },
      ],
      asks: [
        { price: '3000.60', qty: '0.35000000' },
        { price: '3000.70', qty: '4.00000000' },
      ],
    });
  });

  it('treats 45281, 45281.0 and 4.5281e4 as the same level', () => {
    const book = new LocalOrderBook('BTC/USD', 10, { price: 1, qty: 8 });
    book.apply([{ price: '45281', qty: '1' }], []);
    book.apply([{ price: '45281.0', qty: '2' }], []);
    expect(book.bids.size).toBe(1);
    expect(book.top().bids).toEqual([{ price: '45281.0', qty: '2.00000000' }]);
  });

  it('truncates each side to the subscribed depth after every message, dropping the worst levels', () => {
    const book = new LocalOrderBook('BTC/USD', 10, { price: 1, qty: 8 });
    const bids = Array.from({ length: 12 }, (_, i) => ({ price: `${100 - i}`, qty: '1' }));
    const asks = Array.from({ length: 12 }, (_, i) => ({ price: `${101 + i}`, qty: '1' }));
    book.apply(bids, asks);
    expect(book.bids.size).toBe(10);
    expect(book.asks.size).toBe(10);
    expect(book.top(20).bids.at(-1)?.price).toBe('91.0');
    expect(book.top(20).asks.at(-1)?.price).toBe('110.0');
    // A better bid pushes the worst one out; no qty 0 is needed for it.
    book.apply([{ price: '100.5', qty: '3' }], []);
    expect(book.top(20).bids.map((l) => l.price)).toEqual([
      '100.5',
      '100.0',
      '99.0',
      '98.0',
      '97.0',
      '96.0',
      '95.0',
      '94.0',
      '93.0',
      '92.0',
    ]);
  });

  it('matches a straightforward Decimal model and its checksum on random message streams', () => {
    const op = fc.record({
      side: fc.constantFrom('bids' as const, 'asks' as const),
      tick: fc.integer({ min: 1, max: 60 }),
      qtyUnits: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000 })),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(10, 25),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 40 }),
        (depth, pricePrecision, qtyPrecision, messages) => {
          const book = new LocalOrderBook('X/Y', depth, { price: pricePrecision, qty: qtyPrecision });
          const model = new StubBook('X/Y', pricePrecision, qtyPrecision);
          const tickSize = new Decimal(10).pow(-pricePrecision);
          const mid = new Decimal(1000);
          for (const message of messages) {
            const wire: Record<'bids' | 'asks', Level[]> = { bids: [], asks: [] };
            for (const { side, tick, qtyUnits } of message) {
              const offset = tickSize.times(tick);
              const price = (side === 'bids' ? mid.minus(offset) : mid.plus(offset)).toFixed();
              const qty = new Decimal(qtyUnits).times(new Decimal(10).pow(-qtyPrecision)).toFixed();
              wire[side].push({ price, qty });
              model.set(side, [[price, qty]]);
            }
            book.apply(wire.bids, wire.asks);
            // The model keeps everything; the book keeps the best `depth` — and Kraken's truncation rule makes a
            // level that fell out of scope unknown to the book, so mirror that in the model.
            for (const side of ['bids', 'asks'] as const) {
              const keep = new Set(model.top(side, depth).map(([price]) => price));
              const map = side === 'bids' ? model.bids : model.asks;
              for (const price of [...map.keys()]) if (!keep.has(price)) map.delete(price);
            }
            const expected = {
              bids: model.top('bids', depth).map(([price, qty]) => ({ price, qty })),
              asks: model.top('asks', depth).map(([price, qty]) => ({ price, qty })),
            };
            expect(book.top()).toEqual(expected);
            expect(book.checksum()).toBe(model.checksum());
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects a level with more decimals than the instrument precision instead of rounding it', () => {
    const book = new LocalOrderBook('BTC/USD', 10, { price: 1, qty: 8 });
    expect(() => book.apply([{ price: '45000.25', qty: '1' }], [])).toThrow(/more than 1 decimals/);
  });
});
