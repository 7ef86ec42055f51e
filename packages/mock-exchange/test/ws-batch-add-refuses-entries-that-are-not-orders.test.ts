import { describe, expect, it } from 'vitest';
import { wsWorldPerTest } from './support/ws-harness.js';

const open = wsWorldPerTest();

describe('batch_add with entries that are not order objects', () => {
  it.each([
    ['null', [null, null]],
    ['text', ['x', 'y']],
    ['a list', [[], []]],
  ])('refuses %s entries as invalid orders, not as an internal error', async (_kind, orders) => {
    const { w, raw, token } = await open();
    const [answer] = await raw.call('batch_add', { symbol: 'BTC/USD', orders, token });
    expect(answer).toMatchObject({
      method: 'batch_add',
      success: false,
      error: 'EGeneral:Invalid arguments:orders',
    });
    expect(w.running.exchange.internalErrors).toEqual([]);
  });
});
