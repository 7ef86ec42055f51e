import { describe, expect, it } from 'vitest';
import { market, place } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

type Ledgers = { ledger: Record<string, { asset: string }>; count: number };

// Kraken's Ledgers `asset` defaults to `all`, and clients send that value as it is (python-kraken-sdk's
// get_ledgers_info sends asset=all, aclass=currency, type=all unless told otherwise).
describe('Ledgers asset filter', () => {
  it('asset=all with aclass=currency and type=all lists every entry, as no filter does', () => {
    const w = world();
    place(w, market('buy', '0.1'));
    const unfiltered = ok<Ledgers>(w.exchange, w.key, 'Ledgers');
    expect(unfiltered.count).toBe(2);
    w.clock.advance(20_000); // the history calls' REST cost decays
    const all = ok<Ledgers>(w.exchange, w.key, 'Ledgers', { asset: 'all', aclass: 'currency', type: 'all' });
    expect(all).toEqual(unfiltered);
  });

  it('a named asset still filters, and an unknown one is EQuery:Unknown asset', () => {
    const w = world();
    place(w, market('buy', '0.1'));
    const xbt = ok<Ledgers>(w.exchange, w.key, 'Ledgers', { asset: 'XBT' });
    expect(xbt.count).toBe(1);
    expect(Object.values(xbt.ledger).map((e) => e.asset)).toEqual(['XXBT']);
    w.clock.advance(20_000);
    expect(call(w.exchange, w.key, 'Ledgers', { asset: 'NOPE' }).error).toEqual(['EQuery:Unknown asset']);
  });
});
