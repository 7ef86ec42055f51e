import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { MockExchange } from '../src/exchange.js';
import { publicCall } from './support/signer.js';

function tickerAfter(seed: string, ms: number, pair = 'XBTUSD'): unknown {
  const clock = new ManualClock();
  const exchange = new MockExchange({ seed, clock, accounts: [] });
  clock.advance(ms);
  return publicCall(exchange, 'Ticker', { pair }).result;
}

describe('seeded random walk', () => {
  it('the same seed gives the same market, whatever the request timing', () => {
    const clock = new ManualClock();
    const a = new MockExchange({ seed: 's1', clock, accounts: [] });
    for (let i = 0; i < 30; i += 1) {
      clock.advance(1_000);
      publicCall(a, 'Time');
    }
    expect(publicCall(a, 'Ticker', { pair: 'XBTUSD' }).result).toEqual(tickerAfter('s1', 30_000));
  });

  it('different seeds give different walks', () => {
    expect(tickerAfter('s1', 60_000)).not.toEqual(tickerAfter('s2', 60_000));
  });

  it('property: every price is a positive multiple of the tick and ask − bid is constant', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('XBTUSD', 'ETHXBT', 'ATOMUSD', 'EURUSD'),
        (seed, steps, pair) => {
          const clock = new ManualClock();
          const exchange = new MockExchange({ seed, clock, accounts: [] });
          const resolved = exchange.ctx.catalog.pair(pair);
          const market = exchange.ctx.markets.of(resolved);
          const spread = market.ask.minus(market.bid);
          clock.advance(steps * 1000);
          exchange.advance();
          expect(market.steps).toBe(steps);
          expect(market.bid.greaterThan(0)).toBe(true);
          expect(market.mid.modulo(resolved.tickSize).isZero()).toBe(true);
          expect(market.ask.minus(market.bid).equals(spread)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
