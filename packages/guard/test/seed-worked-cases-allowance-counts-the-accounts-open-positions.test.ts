import { createGuard, type Guard } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { ManualClock, marginOrder } from './support/guard-factory.js';

// An allowance is a total per currency over every open position, however many there are: one BTC/USD long of
// 15,000,000 USD, or ten of 1,500,000 USD each, both use the whole USD allowance. A long borrows its cost in the
// quote currency, a short its volume in the base currency; the part already closed has been repaid.
function position(pair: string, type: 'buy' | 'sell', cost: string, vol: string, volClosed = '0') {
  return { pair, type, cost, vol, vol_closed: volClosed, time: 1 };
}

function guardOver(openPositions: Record<string, ReturnType<typeof position>>): Guard {
  return createGuard(
    { tier: 'intermediate', assetPairs: ASSET_PAIRS },
    { openOrders: { open: {} }, openPositions },
    { clock: new ManualClock().read },
  );
}

const pools = (guard: Guard) =>
  Object.fromEntries(guard.snapshot().pools.map((pool) => [pool.currency, pool.total]));

describe('the allowance counts the positions the account already holds', () => {
  it('ten BTC/USD longs of 1,500,000 USD each fill the USD allowance of 15,000,000', () => {
    const open = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [
        `TPOS-${index}`,
        position('XXBTZUSD', 'buy', '1500000', '30'),
      ]),
    );
    const guard = guardOver(open);
    expect(guard.snapshot().pools).toEqual([
      expect.objectContaining({ currency: 'USD', total: '15000000', headroom: '0' }),
    ]);
    const more = guard.check(marginOrder('XBTUSD', 'buy', '0.0001', '50000'));
    expect(more.violations.map((violation) => violation.code)).toEqual(['EOrder:Margin allowance exceeded']);
    expect(more.violations[0]).toMatchObject({ currency: 'USD', limit: '15000000', requested: '15000005' });
  });

  it('one BTC/USD long of 15,000,000 USD with a third closed uses 10,000,000 USD', () => {
    const guard = guardOver({ TPOS: position('XXBTZUSD', 'buy', '15000000', '300', '100') });
    expect(pools(guard)).toEqual({ USD: '10000000' });
    expect(guard.check(marginOrder('XBTUSD', 'buy', '100', '50000')).allowed).toBe(true);
    expect(guard.check(marginOrder('XBTUSD', 'buy', '100.0001', '50000')).allowed).toBe(false);
  });

  it('an ETH/BTC long uses the BTC pool in BTC and an ETH/BTC short the ETH pool in ETH', () => {
    const guard = guardOver({
      TLONG: position('XETHXXBT', 'buy', '5', '100'),
      TSHORT: position('XETHXXBT', 'sell', '5', '100'),
    });
    expect(pools(guard)).toEqual({ BTC: '5', ETH: '100' });
    // 305 BTC are left for a BTC short against USD.
    expect(guard.check(marginOrder('XBTUSD', 'sell', '305', '50000')).allowed).toBe(true);
    expect(guard.check(marginOrder('XBTUSD', 'sell', '305.0001', '50000')).allowed).toBe(false);
  });
});
