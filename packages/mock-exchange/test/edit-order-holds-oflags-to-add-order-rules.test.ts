import { describe, expect, it } from 'vitest';
import { limitBuy, place } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

describe('EditOrder oflags', () => {
  it.each([['zzz'], ['post,nonsense'], ['fcib,fciq'], ['viqc']])(
    'oflags=%s, refused by AddOrder, is refused by EditOrder too and the order is left as it was',
    (oflags) => {
      const w = world();
      expect(call(w.exchange, w.key, 'AddOrder', { ...limitBuy('0.1', '60000.0'), oflags }).error).toEqual([
        'EGeneral:Invalid arguments:oflags',
      ]);
      const order = place(w, limitBuy('0.1', '60000.0'));
      expect(
        call(w.exchange, w.key, 'EditOrder', { txid: order.txid, pair: 'XBTUSD', oflags }).error,
      ).toEqual(['EGeneral:Invalid arguments:oflags']);
      expect(order.status).toBe('open');
    },
  );

  it('valid flags still replace the order', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '60000.0'));
    const result = ok<{ txid: string }>(w.exchange, w.key, 'EditOrder', {
      txid: order.txid,
      pair: 'XBTUSD',
      oflags: 'post,fcib',
    });
    const open = ok<{ open: Record<string, { oflags: string }> }>(w.exchange, w.key, 'OpenOrders');
    expect(open.open[result.txid]?.oflags).toBe('post,fcib');
  });
});
