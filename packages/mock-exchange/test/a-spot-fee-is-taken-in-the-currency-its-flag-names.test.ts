import { describe, expect, it } from 'vitest';
import { balance, market, place, reject } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';
import { wsWorldPerTest } from './support/ws-harness.js';

// Kraken: `fcib` takes the fee in the base currency, `fciq` in the quote; without either, a buy pays in the
// quote and a sell in the base. The intermediate account's taker rate here is 0.40 %; the bid 64999.5, ask 65000.5.
type Ledger = Record<string, { asset: string; amount: string; fee: string; refid: string }>;

function tradeEntries(w: ReturnType<typeof world>): Array<{ asset: string; amount: string; fee: string }> {
  const { ledger } = ok<{ ledger: Ledger }>(w.exchange, w.key, 'Ledgers');
  return Object.values(ledger)
    .map(({ asset, amount, fee }) => ({ asset, amount, fee }))
    .sort((a, b) => a.asset.localeCompare(b.asset));
}

describe('the currency a spot trade pays its fee in', () => {
  it.each([
    // side, oflags, BTC after, USD after, the ledger's fee on BTC / on USD
    ['buy', '', '11', String(100000 - 65000.5 - 260.002), '0.0000000000', '260.0020'],
    ['buy', 'fcib', '10.996', String(100000 - 65000.5), '0.0040000000', '0.0000'],
    ['sell', '', '8.996', String(100000 + 64999.5), '0.0040000000', '0.0000'],
    ['sell', 'fciq', '9', String(100000 + 64999.5 - 259.998), '0.0000000000', '259.9980'],
  ])(
    'a market %s of 1 BTC with oflags "%s" leaves %s BTC and %s USD',
    (side, oflags, btc, usd, btcFee, usdFee) => {
      const w = world();
      const order = place(w, market(side as 'buy' | 'sell', '1', oflags === '' ? {} : { oflags }));
      expect(balance(w, 'XXBT')).toBe(btc);
      expect(balance(w, 'ZUSD')).toBe(usd);
      const fees = Object.fromEntries(tradeEntries(w).map((entry) => [entry.asset, entry.fee]));
      expect(fees).toEqual({ XXBT: btcFee, ZUSD: usdFee });
      // The order and its trade report the fee valued in the quote currency, whatever it was paid in.
      const { [order.txid]: view } = ok<Record<string, { fee: string; oflags: string }>>(
        w.exchange,
        w.key,
        'QueryOrders',
        {
          txid: order.txid,
        },
      );
      expect(view?.fee).toBe(side === 'buy' ? '260.00200' : '259.99800');
      const flag = oflags === '' ? (side === 'buy' ? 'fciq' : 'fcib') : oflags;
      expect(view?.oflags).toBe(flag);
    },
  );

  it('lists the fee flag beside the other flags, once', () => {
    const w = world();
    const order = place(w, {
      ordertype: 'limit',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '0.1',
      price: '70000',
      oflags: 'post',
    });
    const open = ok<{ open: Record<string, { oflags: string }> }>(w.exchange, w.key, 'OpenOrders').open;
    expect(open[order.txid]?.oflags).toBe('post,fcib');
  });

  it('refuses a sell of the whole balance when its fee is taken from that balance, and takes it under fciq', () => {
    const w = world({ balances: { ZUSD: '0', XXBT: '1' } });
    expect(reject(w, market('sell', '1'))).toEqual(['EOrder:Insufficient funds']);
    expect(reject(w, market('sell', '0.996'))).toEqual([]);
    expect(balance(w, 'XXBT')).toBe('0.000016'); // 1 − 0.996 − 0.003984 fee
    const fresh = world({ balances: { ZUSD: '0', XXBT: '1' } });
    expect(reject(fresh, market('sell', '1', { oflags: 'fciq' }))).toEqual([]);
    expect(balance(fresh, 'XXBT')).toBe('0');
    expect(balance(fresh, 'ZUSD')).toBe(String(64999.5 - 259.998));
  });

  it('holds a resting sell with its fee in the base currency, and a buy under fcib without its fee', () => {
    const w = world({ balances: { ZUSD: '60000', XXBT: '1' } });
    place(w, { ordertype: 'limit', type: 'sell', pair: 'XBTUSD', volume: '0.5', price: '70000' });
    place(w, {
      ordertype: 'limit',
      type: 'buy',
      pair: 'XBTUSD',
      volume: '1',
      price: '60000',
      oflags: 'fcib',
    });
    const held = ok<Record<string, { hold_trade: string }>>(w.exchange, w.key, 'BalanceEx');
    expect(held['XXBT']?.hold_trade).toBe('0.5020000000');
    expect(held['ZUSD']?.hold_trade).toBe('60000.0000');
    // Nothing left for another buy of any size, fee or not.
    expect(call(w.exchange, w.key, 'AddOrder', market('buy', '0.0001', { oflags: 'fcib' })).error).toEqual([
      'EOrder:Insufficient funds',
    ]);
  });
});

describe('the executions feed names the fee as taken', () => {
  const open = wsWorldPerTest();

  it('a sell reports fee_ccy_pref fcib and its fee in BTC; a buy fciq and USD', async () => {
    const { raw, token } = await open();
    await raw.call('subscribe', { channel: 'executions', token });
    const trades = () =>
      raw?.frames.flatMap((frame) =>
        frame.channel === 'executions'
          ? (
              frame.data as Array<{ exec_type: string; side: string; fee_ccy_pref: string; fees: unknown }>
            ).filter((item) => item.exec_type === 'trade')
          : [],
      ) ?? [];
    for (const side of ['sell', 'buy']) {
      await raw.call('add_order', { order_type: 'market', side, symbol: 'BTC/USD', order_qty: 0.1, token });
    }
    await raw.next(() => trades().length >= 2, 'two trade executions');
    const [sell, buy] = trades();
    expect(sell).toMatchObject({ side: 'sell', fee_ccy_pref: 'fcib', fees: [{ asset: 'BTC' }] });
    expect(buy).toMatchObject({ side: 'buy', fee_ccy_pref: 'fciq', fees: [{ asset: 'USD' }] });
  });
});
