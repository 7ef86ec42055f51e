import { describe, expect, it } from 'vitest';
import { marginBuy, marginSell, RICH } from './support/margin.js';
import { place } from './support/orders.js';
import { world } from './support/world.js';

// Found by the guard-vs-mock differential test. Positions are reduced oldest first (FIFO, docs/kraken/margin-rules.md).
// Two positions opened in the same millisecond were ordered by their random ids instead of by when they opened,
// so a partial close repaid the wrong position's cost and the USD usage differed from the guard's (which keeps
// them in opening order). Ids are drawn from the seed, so several seeds are tried: each must close the first.
describe('positions opened in the same millisecond', () => {
  for (const seed of ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']) {
    it(`are closed in the order they were opened (seed ${seed})`, () => {
      const w = world({ balances: RICH }, { seed });
      w.exchange.setPrice('XBTUSD', '60000.0');
      place(w, marginBuy('1', undefined)); // opened first, at the ask 60,000.5
      w.exchange.setPrice('XBTUSD', '61000.0'); // same exchange millisecond: the clock has not moved
      place(w, marginBuy('1', undefined)); // opened second, at 61,000.5
      const [first, second] = [...w.exchange.account('main').positions.values()];
      expect(first?.openedAt).toBe(second?.openedAt);
      place(w, marginSell('1', undefined));
      const left = [...w.exchange.account('main').positions.values()];
      expect(left.map((p) => p.id)).toEqual([second?.id]);
      expect(left[0]?.cost.toFixed()).toBe('61000.5');
    });
  }
});
