import { describe, expect, it } from 'vitest';
import { RICH } from './support/margin.js';
import { reject } from './support/orders.js';
import { world } from './support/world.js';

// Found by the guard-vs-mock differential test. docs/kraken/margin-rules.md: "A margin order is an AddOrder with
// leverage"; Starter has margin disabled → `EOrder:Cannot open position`. A reduce_only order without leverage is
// not a margin order, so on a Starter account (which never holds a position) it is refused because there is no
// position to reduce, as the guard says, not because margin is disabled.
describe('reduce_only without leverage on a Starter account', () => {
  it('is refused with EOrder:Reduce only:No position exists', () => {
    const w = world({ tier: 'starter', balances: RICH });
    const order = { ordertype: 'market', type: 'sell', pair: 'XBTUSD', volume: '0.01', reduce_only: true };
    expect(reject(w, order)).toEqual(['EOrder:Reduce only:No position exists']);
  });

  it('with leverage it is a margin order: EOrder:Cannot open position', () => {
    const w = world({ tier: 'starter', balances: RICH });
    const order = { ordertype: 'market', type: 'sell', pair: 'XBTUSD', volume: '0.01', leverage: '2' };
    expect(reject(w, { ...order, reduce_only: true })).toEqual(['EOrder:Cannot open position']);
    expect(reject(w, order)).toEqual(['EOrder:Cannot open position']);
  });

  it('a leverage the pair does not offer is still an invalid argument', () => {
    const w = world({ tier: 'starter', balances: RICH });
    const order = { ordertype: 'market', type: 'buy', pair: 'XBTUSD', volume: '0.01', leverage: '7' };
    expect(reject(w, order)).toEqual(['EGeneral:Invalid arguments:leverage']);
  });
});
