import { describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/order.js';
import { orderRequestOf } from '../src/ws/order-params.js';
import { market, place, reject } from './support/orders.js';
import { ok } from './support/signer.js';
import { type World, world } from './support/world.js';

// XBT/USD: tick 0.1, half spread 0.5 (bid = mid − 0.5, ask = mid + 0.5); setPrice moves the last price too.
const trailing = (
  side: 'buy' | 'sell',
  volume: string,
  price: string,
  extra: Record<string, unknown> = {},
) => ({
  ordertype: 'trailing-stop',
  type: side,
  pair: 'XBTUSD',
  volume,
  price,
  ...extra,
});

const at = (w: World, price: string) => w.exchange.setPrice('XBTUSD', price);

function openView(w: World, order: Order): Record<string, unknown> & { descr: Record<string, string> } {
  const { open } = ok<{ open: Record<string, Record<string, unknown> & { descr: Record<string, string> }> }>(
    w.exchange,
    w.key,
    'OpenOrders',
  );
  const view = open[order.txid];
  if (view === undefined) throw new Error(`${order.txid} is not open`);
  return view;
}

describe('a sell trailing stop follows the price up and triggers when it falls back by the offset', () => {
  it('an absolute offset (+500): the trigger rides 500 under the peak, never down, and the stop sells at the bid', () => {
    const w = world();
    at(w, '65000.0');
    const stop = place(w, trailing('sell', '1', '+500'));
    expect(stop.status).toBe('open');
    expect(stop.price?.toFixed(1)).toBe('64500.0');
    at(w, '66000.0');
    expect(stop.price?.toFixed(1)).toBe('65500.0');
    at(w, '65600.0'); // down, but less than the offset: the trigger stays at the peak's
    expect(stop.status).toBe('open');
    expect(stop.price?.toFixed(1)).toBe('65500.0');
    expect(openView(w, stop)).toMatchObject({
      descr: {
        ordertype: 'trailing-stop',
        price: '+500.0',
        price2: '0',
        order: 'sell 1.00000000 XBTUSD @ trailing stop +500.0',
      },
      stopprice: '65500.0',
      limitprice: '66000.0', // the peak it follows
    });
    at(w, '65500.0');
    expect(stop.status).toBe('closed');
    expect(stop.misc.has('stopped')).toBe(true);
    expect(stop.cost.toString()).toBe('65499.5');
  });

  it('a percentage offset (+2%): the trigger is 2 % under the peak, on the tick', () => {
    const w = world();
    at(w, '65000.0');
    const stop = place(w, trailing('sell', '1', '+2%'));
    expect(stop.price?.toFixed(1)).toBe('63700.0');
    at(w, '70000.0');
    expect(stop.price?.toFixed(1)).toBe('68600.0');
    at(w, '70123.4'); // 68720.932 → 68721.0: the tick towards the peak, never further than 2 %
    expect(stop.price?.toFixed(1)).toBe('68721.0');
    expect(openView(w, stop).descr).toMatchObject({
      price: '+2.0000%',
      order: 'sell 1.00000000 XBTUSD @ trailing stop +2.0000%',
    });
    at(w, '68721.1');
    expect(stop.status).toBe('open');
    at(w, '68721.0');
    expect(stop.status).toBe('closed');
  });

  it('with trigger=index it follows the index (the mid), as a stop-loss does', () => {
    const w = world();
    at(w, '65000.0');
    const stop = place(w, trailing('sell', '1', '+1000', { trigger: 'index' }));
    at(w, '67000.0');
    expect(stop.price?.toFixed(1)).toBe('66000.0');
    expect(openView(w, stop)['trigger']).toBe('index');
    at(w, '65999.0');
    expect(stop.status).toBe('closed');
  });
});

describe('a buy trailing stop follows the price down and triggers when it rises back by the offset', () => {
  it('the trigger rides the offset over the trough and the stop buys at the ask', () => {
    const w = world();
    at(w, '65000.0');
    const stop = place(w, trailing('buy', '0.5', '+1%'));
    expect(stop.price?.toFixed(1)).toBe('65650.0');
    at(w, '60000.0');
    expect(stop.price?.toFixed(1)).toBe('60600.0');
    at(w, '60550.0'); // up, but less than 1 %: waits, the trigger unchanged
    expect(stop.status).toBe('open');
    expect(stop.price?.toFixed(1)).toBe('60600.0');
    expect(openView(w, stop)).toMatchObject({ stopprice: '60600.0', limitprice: '60000.0' });
    at(w, '59000.5'); // 59590.505 → 59590.5: the tick towards the trough
    expect(stop.price?.toFixed(1)).toBe('59590.5');
    at(w, '59590.5');
    expect(stop.status).toBe('closed');
    expect(stop.cost.toString()).toBe('29795.5'); // 0.5 at the ask, 59591.0
  });
});

describe('a trailing-stop-limit', () => {
  it('trails its limit with the trigger, then rests at the limit offset from the trigger it fired at', () => {
    const w = world();
    at(w, '65000.0');
    const order = place(w, {
      ...trailing('sell', '1', '+500'),
      ordertype: 'trailing-stop-limit',
      price2: '-100',
    });
    expect([order.price?.toFixed(1), order.price2?.toFixed(1)]).toEqual(['64500.0', '64400.0']);
    at(w, '66000.0');
    expect([order.price?.toFixed(1), order.price2?.toFixed(1)]).toEqual(['65500.0', '65400.0']);
    expect(openView(w, order)).toMatchObject({
      descr: {
        price: '+500.0',
        price2: '-100.0',
        order: 'sell 1.00000000 XBTUSD @ trailing stop +500.0 -> limit -100.0',
      },
      stopprice: '65500.0',
      limitprice: '65400.0',
    });
    at(w, '65000.0'); // through the trigger and the limit: triggered, the bid (64999.5) under the limit, it rests
    expect(order.status).toBe('open');
    expect(order.triggeredAt).toBeDefined();
    expect(order.price2?.toFixed(1)).toBe('65400.0');
    at(w, '64000.0'); // once triggered it no longer trails
    expect(order.price2?.toFixed(1)).toBe('65400.0');
    at(w, '65500.0');
    expect(order.status).toBe('closed');
    expect(order.cost.toString()).toBe('65400'); // at its limit, as maker
  });

  it('a percentage limit offset is taken from the trigger price', () => {
    const w = world();
    at(w, '65000.0');
    const order = place(w, {
      ...trailing('buy', '0.1', '+1000'),
      ordertype: 'trailing-stop-limit',
      price2: '+1%',
    });
    expect([order.price?.toFixed(1), order.price2?.toFixed(1)]).toEqual(['66000.0', '66660.0']);
  });
});

describe('bad trailing offsets are refused as Kraken refuses them', () => {
  it('a trailing price must be a + offset above zero; a trailing-stop-limit needs a relative limit offset', () => {
    const w = world();
    for (const price of ['64000', '-500', '+0', '+0%', '-1%']) {
      expect(reject(w, trailing('sell', '1', price)), price).toEqual(['EGeneral:Invalid arguments:price']);
    }
    const limit = { ...trailing('sell', '1', '+500'), ordertype: 'trailing-stop-limit' };
    expect(reject(w, limit)).toEqual(['EGeneral:Invalid arguments:price2']);
    expect(reject(w, { ...limit, price2: '64000' })).toEqual(['EGeneral:Invalid arguments:price2']);
    expect(reject(w, market('buy', '0.1', { close: { ordertype: 'trailing-stop', price: '1%' } }))).toEqual([
      'EGeneral:Invalid arguments:price',
    ]);
    expect(w.exchange.account('main').orders.size).toBe(0);
  });

  it('amending a trailing order’s offsets is refused; its volume can be amended', () => {
    const w = world();
    at(w, '65000.0');
    const stop = place(w, trailing('sell', '1', '+500'));
    const amend = (params: Record<string, unknown>) =>
      ok<{ amend_id: string }>(w.exchange, w.key, 'AmendOrder', { txid: stop.txid, ...params });
    expect(() => amend({ trigger_price: '64000' })).toThrow(/Invalid arguments:trigger_price/);
    amend({ order_qty: '0.5' });
    expect(stop.volume.toString()).toBe('0.5');
    expect(stop.price?.toFixed(1)).toBe('64500.0');
  });
});

describe('a conditional close with close[ordertype]=trailing-stop', () => {
  it('is created on the fill, trailing from the fill price, and closes the position when the price turns back', () => {
    const w = world();
    at(w, '65000.0');
    const result = ok<{ descr: { order: string; close: string }; txid: string[] }>(
      w.exchange,
      w.key,
      'AddOrder',
      { ...market('buy', '0.2'), close: { ordertype: 'trailing-stop', price: '+1.5%' } },
    );
    expect(result.descr.close).toBe('close position @ trailing stop +1.5000%');
    const orders = [...w.exchange.account('main').orders.values()];
    const primary = orders.find((o) => o.txid === result.txid[0]);
    const close = orders.find((o) => o.txid !== result.txid[0]);
    expect(primary?.status).toBe('closed');
    expect(close).toMatchObject({
      side: 'sell',
      ordertype: 'trailing-stop',
      status: 'open',
      refid: primary?.txid,
    });
    expect(close?.volume.toString()).toBe('0.2');
    const peak = close?.trail?.peak;
    expect(peak?.toFixed(1)).toBe(w.exchange.ctx.markets.of(primary!.pair).last.toFixed(1));
    at(w, '68000.0');
    expect(close?.price?.toFixed(1)).toBe('66980.0');
    at(w, '66979.9');
    expect(close?.status).toBe('closed');
    expect(close?.misc.has('stopped')).toBe(true);
  });
});

describe('WebSocket v2 add_order takes trailing stops', () => {
  it('triggers.price with price_type pct or quote is the offset; limit_price of a trailing-stop-limit is an offset', () => {
    const w = world();
    const options = { validate: false, deadline: undefined };
    const request = orderRequestOf(
      w.exchange.ctx,
      'BTC/USD',
      {
        order_type: 'trailing-stop-limit',
        side: 'sell',
        order_qty: 1,
        triggers: { price: 1.5, price_type: 'pct' },
        limit_price: -20,
      },
      options,
    );
    expect(request.price).toMatchObject({ kind: 'relative', sign: 1, percent: true });
    expect(request.price?.value.toString()).toBe('1.5');
    expect(request.price2).toMatchObject({ kind: 'relative', sign: -1, percent: false });
    const fields = { order_type: 'trailing-stop', side: 'sell', order_qty: 1 };
    expect(() =>
      orderRequestOf(w.exchange.ctx, 'BTC/USD', { ...fields, triggers: { price: 500 } }, options),
    ).toThrow(/Invalid arguments:triggers/);
    expect(() =>
      orderRequestOf(
        w.exchange.ctx,
        'BTC/USD',
        { ...fields, triggers: { price: -500, price_type: 'quote' } },
        options,
      ),
    ).toThrow(/Invalid arguments/);
  });
});
