import { describe, expect, it } from 'vitest';
import { call } from './support/signer.js';
import { world } from './support/world.js';
import { wsWorldPerTest } from './support/ws-harness.js';

const LIMIT = { ordertype: 'limit', type: 'buy', volume: '0.01', pair: 'XBTUSD', price: '30000' };

describe('REST AddOrder', () => {
  it.each([
    [{ stptype: 'cancel-newest' }, []],
    [{ stptype: 'cancel-both' }, []],
    [{ stptype: 'cancel_both' }, ['EGeneral:Invalid arguments:stptype']],
    [{ stptype: 'never' }, ['EGeneral:Invalid arguments:stptype']],
    [{ displayvol: '-1' }, ['EGeneral:Invalid arguments:displayvol']],
    [{ displayvol: '0.001' }, ['EGeneral:Invalid arguments:displayvol']],
  ])('%j → %j', (extra, errors) => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'AddOrder', { ...LIMIT, ...extra }).error).toEqual(errors);
  });
});

describe('WebSocket v2 add_order', () => {
  const open = wsWorldPerTest();

  it('takes the stp_type values v2 names and refuses any other by its v2 name', async () => {
    const { raw, token } = await open();
    const order = {
      order_type: 'limit',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: 0.01,
      limit_price: 30000,
      token,
    };
    for (const stp of ['cancel_newest', 'cancel_oldest', 'cancel_both']) {
      const [answer] = await raw.call('add_order', { ...order, stp_type: stp });
      expect(answer, stp).toMatchObject({ success: true });
    }
    for (const stp of ['cancel-newest', 'never', 7]) {
      const [answer] = await raw.call('add_order', { ...order, stp_type: stp });
      expect(answer, String(stp)).toMatchObject({
        success: false,
        error: 'EGeneral:Invalid arguments:stp_type',
      });
    }
  });
});
