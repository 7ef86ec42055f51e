import { Decimal } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { BacktestLedger, unrealisedAt } from '../src/backtest/ledger.js';
import type { Fill, PairInfo } from '../src/strategies/types.js';

const XBTUSD = { id: 'XXBTZUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD' } as PairInfo;

function fill(side: 'buy' | 'sell', volume: string, price: string): Fill {
  return {
    tag: side,
    pair: XBTUSD,
    side,
    volume: new Decimal(volume),
    price: new Decimal(price),
    fee: new Decimal(0),
    complete: true,
    margin: false,
    at: 0,
  };
}

describe("a backtest's books", () => {
  it('realise exactly what was sold less what was paid once a position is closed, and value what is held at its cost', () => {
    const ledger = new BacktestLedger();
    // An average price of 300.2 / 3 = 100.0666… has no exact decimal: the books must not carry its rounding.
    ledger.record('bot', fill('buy', '1', '100'));
    ledger.record('bot', fill('buy', '2', '100.1'));
    const half = ledger.record('bot', fill('sell', '1', '101'));
    // Still held, 2 XBT cost 200.1333…: at 101 they are worth 202.
    expect(unrealisedAt(half, new Decimal(101)).plus(half.realised).toFixed()).toBe('2.8');
    const book = ledger.record('bot', fill('sell', '2', '101'));
    // Sold 3 for 303, paid 300.2: 2.8 realised, not 2.8000…01 or 2.7999…9.
    expect(book.position.isZero()).toBe(true);
    expect(book.realised.toFixed()).toBe('2.8');
    // A short opened past zero starts at its own price.
    const short = ledger.record('bot', fill('sell', '0.5', '99'));
    expect([short.averagePrice.toFixed(), unrealisedAt(short, new Decimal(98)).toFixed()]).toEqual([
      '99',
      '0.5',
    ]);
  });
});
