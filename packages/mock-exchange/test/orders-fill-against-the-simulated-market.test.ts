import { describe, expect, it } from 'vitest';
import { balance, limitBuy, market, place, reject } from './support/orders.js';
import { ok } from './support/signer.js';
import { world } from './support/world.js';

// XBT/USD starts at mid 65000.0 with a 0.5 half spread: bid 64999.5, ask 65000.5 (config/mock-exchange.yaml).
describe('fills against the simulated market', () => {
  it('a market buy fills at once at the ask, as taker, and moves balances', () => {
    const w = world();
    const order = place(w, market('buy', '0.1'));
    expect(order.status).toBe('closed');
    expect(order.cost.toString()).toBe('6500.05');
    expect(order.fee.toString()).toBe('26.0002'); // 0.40 % taker at 0 volume
    expect(balance(w, 'XXBT')).toBe('10.1');
    expect(balance(w, 'ZUSD')).toBe('93473.9498');
    const history = ok<{ trades: Record<string, Record<string, unknown>> }>(
      w.exchange,
      w.key,
      'TradesHistory',
    );
    const [trade] = Object.values(history.trades);
    expect(trade).toMatchObject({
      ordertxid: order.txid,
      type: 'buy',
      price: '65000.5',
      vol: '0.10000000',
      maker: false,
      fee: '26.00020',
    });
  });

  it('a market sell fills at the bid, its fee taken in the base currency by default', () => {
    const w = world();
    place(w, market('sell', '1'));
    expect(balance(w, 'XXBT')).toBe('8.996'); // 0.40 % taker of 1 BTC
    expect(balance(w, 'ZUSD')).toBe(String(100000 + 64999.5));
  });

  it('a market sell under fciq pays its fee in the quote currency', () => {
    const w = world();
    place(w, market('sell', '1', { oflags: 'fciq' }));
    expect(balance(w, 'XXBT')).toBe('9');
    expect(balance(w, 'ZUSD')).toBe(String(100000 + 64999.5 - 259.998));
  });

  it('a resting limit buy fills at its limit, as maker, when the ask comes down to it', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '64000.0'));
    expect(order.status).toBe('open');
    w.exchange.setPrice('XBTUSD', '64100.0'); // ask 64100.5: not yet
    expect(order.status).toBe('open');
    w.exchange.setPrice('XBTUSD', '63999.5'); // ask 64000.0
    expect(order.status).toBe('closed');
    expect(order.cost.toString()).toBe('6400');
    expect(order.fee.toString()).toBe('16'); // 0.25 % maker
    const [trade] = [...w.exchange.account('main').trades.values()];
    expect(trade?.maker).toBe(true);
  });

  it('a marketable limit takes at the better touch price', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '66000.0'));
    expect(order.status).toBe('closed');
    expect(order.cost.div(order.volExec).toString()).toBe('65000.5');
  });

  it('post-only: a crossing order is cancelled (reason "Post only order"), a passive one rests', () => {
    const w = world();
    const crossing = place(w, limitBuy('0.1', '66000.0', { oflags: 'post' }));
    expect(crossing.status).toBe('canceled');
    expect(crossing.reason).toBe('Post only order');
    const passive = place(w, limitBuy('0.1', '64000.0', { oflags: 'post' }));
    expect(passive.status).toBe('open');
  });

  it('IOC cancels what cannot fill at once; FOK fills entirely or not at all', () => {
    const w = world();
    expect(place(w, limitBuy('0.1', '64000.0', { timeinforce: 'IOC' })).status).toBe('canceled');
    expect(place(w, limitBuy('0.1', '66000.0', { timeinforce: 'IOC' })).status).toBe('closed');
    expect(place(w, limitBuy('0.1', '64000.0', { timeinforce: 'FOK' })).status).toBe('canceled');
  });

  it('stop-loss triggers when the last price falls to it, then fills at the bid', () => {
    const w = world();
    const stop = place(w, {
      ordertype: 'stop-loss',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '1',
      price: '60000.0',
    });
    expect(stop.status).toBe('open');
    w.exchange.setPrice('XBTUSD', '61000.0');
    expect(stop.status).toBe('open');
    w.exchange.setPrice('XBTUSD', '59990.0');
    expect(stop.status).toBe('closed');
    expect(stop.misc.has('stopped')).toBe(true);
    expect(stop.cost.toString()).toBe('59989.5');
  });

  it('take-profit sells when the price rises to it', () => {
    const w = world();
    const tp = place(w, {
      ordertype: 'take-profit',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '1',
      price: '70000.0',
    });
    w.exchange.setPrice('XBTUSD', '69000.0');
    expect(tp.status).toBe('open');
    w.exchange.setPrice('XBTUSD', '70000.0');
    expect(tp.status).toBe('closed');
  });

  it('stop-loss-limit becomes a limit at price2 once triggered', () => {
    const w = world();
    const order = place(w, {
      ordertype: 'stop-loss-limit',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '1',
      price: '60000.0',
      price2: '59000.0',
    });
    w.exchange.setPrice('XBTUSD', '58000.0'); // triggers; bid 57999.5 < 59000: rests as a limit
    expect(order.status).toBe('open');
    expect(order.triggeredAt).toBeDefined();
    w.exchange.setPrice('XBTUSD', '59500.0');
    expect(order.status).toBe('closed');
    expect(order.cost.toString()).toBe('59000');
  });

  it('relative prices resolve against the last price', () => {
    const w = world();
    const order = place(w, {
      ordertype: 'stop-loss',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '1',
      price: '-10%',
    });
    expect(order.price?.toString()).toBe('58500');
  });

  it('GTD orders expire on the exchange clock', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '50000.0', { timeinforce: 'GTD', expiretm: '+30' }));
    w.clock.advance(29_000);
    w.exchange.advance();
    expect(order.status).toBe('open');
    w.clock.advance(1_000);
    w.exchange.advance();
    expect(order.status).toBe('expired');
  });

  it('viqc buys a quote amount at market', () => {
    const w = world();
    const order = place(w, market('buy', '650.005', { oflags: 'viqc' }));
    expect(order.volExec.toString()).toBe('0.01');
  });

  it("the fee tier follows the account's 30-day volume (data/fees.yaml of @krakenkit/core)", () => {
    const w = world({ volume30d: '1000000' });
    const order = place(w, market('buy', '0.1'));
    expect(order.fee.toString()).toBe('10.40008'); // 0.16 % taker at $1M
    const volume = ok<{ volume: string; fees: Record<string, { fee: string }> }>(
      w.exchange,
      w.key,
      'TradeVolume',
      { pair: 'XBTUSD' },
    );
    expect(volume.fees['XXBTZUSD']?.fee).toBe('0.1600');
    expect(volume.volume).toBe('1006500.0500');
  });

  it('every balance change is in the ledger and the ledger explains the balances', () => {
    const w = world();
    place(w, market('buy', '0.1'));
    place(w, limitBuy('0.2', '66000.0'));
    const ledger = ok<{
      ledger: Record<string, { asset: string; amount: string; fee: string; balance: string }>;
    }>(w.exchange, w.key, 'Ledgers');
    const entries = Object.values(ledger.ledger);
    expect(entries).toHaveLength(4);
    const usd = entries.filter((e) => e.asset === 'ZUSD');
    const total = usd.reduce((sum, e) => sum + Number(e.amount) - Number(e.fee), 0);
    expect(100000 + total).toBeCloseTo(Number(balance(w, 'ZUSD')), 6);
  });

  it('a spot order without the funds is EOrder:Insufficient funds, counting what open orders hold', () => {
    const w = world({ balances: { ZUSD: '10000', XXBT: '0.5' } });
    expect(reject(w, limitBuy('0.2', '60000.0'))).toEqual(['EOrder:Insufficient funds']);
    place(w, limitBuy('0.1', '60000.0')); // holds 6000 + fee
    expect(reject(w, limitBuy('0.07', '60000.0'))).toEqual(['EOrder:Insufficient funds']);
    expect(reject(w, market('sell', '0.6'))).toEqual(['EOrder:Insufficient funds']);
    const ex = ok<Record<string, { balance: string; hold_trade: string }>>(w.exchange, w.key, 'BalanceEx');
    expect(ex['ZUSD']).toEqual({ balance: '10000.0000', hold_trade: '6024.0000' });
  });
});

describe('conditional close (close[ordertype])', () => {
  it('each fill of the primary creates an opposite order of the filled volume', () => {
    const w = world();
    const result = ok<{ descr: { order: string; close: string }; txid: string[] }>(
      w.exchange,
      w.key,
      'AddOrder',
      {
        ...market('buy', '0.2'),
        close: { ordertype: 'stop-loss-limit', price: '60000.0', price2: '59000.0' },
      },
    );
    expect(result.descr).toEqual({
      order: 'buy 0.20000000 XBTUSD @ market',
      close: 'close position @ stop loss 60000.0 -> limit 59000.0',
    });
    const orders = [...w.exchange.account('main').orders.values()];
    const close = orders.find((o) => o.txid !== result.txid[0])!;
    expect(close).toMatchObject({ side: 'sell', ordertype: 'stop-loss-limit', status: 'open' });
    expect(close.volume.toString()).toBe('0.2');
    expect(close.price2?.toString()).toBe('59000');
  });

  it('a resting primary spawns nothing until it fills; relative close prices follow the fill', () => {
    const w = world();
    const primary = place(
      w,
      limitBuy('0.1', '64000.0', { close: { ordertype: 'take-profit', price: '+10%' } }),
    );
    expect(w.exchange.account('main').orders.size).toBe(1);
    w.exchange.setPrice('XBTUSD', '63999.5');
    expect(primary.status).toBe('closed');
    const close = [...w.exchange.account('main').orders.values()].find((o) => o !== primary)!;
    expect(close.price?.toString()).toBe('70400'); // 64000 + 10 %
  });

  it('faults.refuseConditionalCloses: the primary fills and no close is created, until the fault is spent', () => {
    const w = world();
    w.exchange.faults.refuseConditionalCloses();
    const withStop = () =>
      ok<{ txid: string[] }>(w.exchange, w.key, 'AddOrder', {
        ...market('buy', '0.1'),
        close: { ordertype: 'stop-loss', price: '-2%' },
      }).txid[0];
    const first = withStop();
    const orders = () => [...w.exchange.account('main').orders.values()];
    expect(orders().find((o) => o.txid === first)?.status).toBe('closed');
    expect(orders().filter((o) => o.refid === first)).toEqual([]);
    const second = withStop();
    expect(orders().filter((o) => o.refid === second)).toEqual([
      expect.objectContaining({ side: 'sell', ordertype: 'stop-loss', status: 'open' }),
    ]);
  });

  it('an endless close fault holds until it is lifted', () => {
    const w = world();
    const lift = w.exchange.faults.refuseConditionalCloses({ count: Number.POSITIVE_INFINITY });
    const closesOf = (txid: string | undefined) =>
      [...w.exchange.account('main').orders.values()].filter((o) => o.refid === txid).length;
    const close = { ordertype: 'stop-loss', price: '-2%' };
    for (let i = 0; i < 3; i += 1)
      expect(closesOf(place(w, { ...market('buy', '0.1'), close }).txid)).toBe(0);
    lift();
    expect(closesOf(place(w, { ...market('buy', '0.1'), close }).txid)).toBe(1);
  });
});
