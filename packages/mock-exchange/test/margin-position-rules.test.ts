import { describe, expect, it } from 'vitest';
import { marginBuy, marginSell, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { place, reject } from './support/orders.js';
import { xbtUsdPair } from './support/pairs.js';
import { call, ok } from './support/signer.js';
import { newKey, world } from './support/world.js';

const small = (account: Parameters<typeof world>[0] = {}, options: Parameters<typeof world>[1] = {}) =>
  world({ balances: RICH, ...account }, { allowances: SMALL_ALLOWANCES, ...options });

describe('tier and leverage', () => {
  it('starter accounts cannot trade on margin: EOrder:Cannot open position', () => {
    expect(reject(small({ tier: 'starter' }), marginBuy('0.1', '60000.0'))).toEqual([
      'EOrder:Cannot open position',
    ]);
  });

  it('a leverage the pair does not offer is EGeneral:Invalid arguments:leverage', () => {
    expect(reject(small(), marginBuy('10', '8.0000', '5', 'ATOMUSD'))).toEqual([
      'EGeneral:Invalid arguments:leverage',
    ]);
    expect(place(small(), marginBuy('10', '8.0000', '3', 'ATOMUSD')).status).toBe('open');
  });

  it('a leverage above the tier maximum is EGeneral:Invalid arguments:leverage', () => {
    const tiers = {
      starter: tier(false, 1),
      intermediate: tier(true, 3),
      pro: tier(true, 5),
    };
    const w = small({}, { tiers });
    expect(reject(w, marginBuy('0.1', '60000.0', '4'))).toEqual(['EGeneral:Invalid arguments:leverage']);
    expect(place(w, marginBuy('0.1', '60000.0', '3')).status).toBe('open');
  });
});

describe('position size per pair and side', () => {
  const pairs = [{ ...xbtUsdPair(), long_position_limit: 2, short_position_limit: 1 }];

  it("open positions + open margin orders + the new volume must stay within the side's limit", () => {
    const w = small({}, { pairs });
    place(w, marginSell('0.6', undefined)); // short position 0.6
    place(w, marginSell('0.3', '70000.0')); // resting short 0.3
    expect(reject(w, marginSell('0.2', '70000.0'))).toEqual(['EOrder:Margin position size exceeded']);
    expect(place(w, marginSell('0.1', '70000.0')).status).toBe('open');
  });

  it('the long limit is separate from the short one', () => {
    const usd = { USD: { allowance: '1000000', fiat: true, aliases: ['ZUSD'] } };
    const w = small({}, { pairs, allowances: { currencies: { ...SMALL_ALLOWANCES.currencies, ...usd } } });
    place(w, marginSell('0.9', '70000.0'));
    place(w, marginBuy('1.9', '60000.0'));
    expect(reject(w, marginBuy('0.2', '60000.0'))).toEqual(['EOrder:Margin position size exceeded']);
  });
});

describe('positions on the same pair', () => {
  it('a margin order opposite to a position reduces it (FIFO); larger would open an opposing position', () => {
    const w = small();
    place(w, marginBuy('0.4', undefined));
    place(w, marginBuy('0.6', undefined)); // same side: a second position
    const account = w.exchange.account('main');
    expect(account.positions.size).toBe(2);
    expect(reject(w, marginSell('1.2', undefined))).toEqual(['EOrder:Cannot open opposing position']);
    place(w, marginSell('0.5', undefined));
    const [remaining] = [...account.positions.values()];
    expect(account.positions.size).toBe(1);
    expect(remaining?.volClosed.toString()).toBe('0.1'); // the older 0.4 closed first, then 0.1 of the 0.6
    place(w, marginSell('0.5', undefined));
    expect(account.positions.size).toBe(0);
  });

  it('volume 0 on a closing margin order closes the whole opposite position', () => {
    const w = small();
    place(w, marginSell('0.7', undefined));
    place(w, marginBuy('0', undefined));
    expect(w.exchange.account('main').positions.size).toBe(0);
    expect(reject(w, { ...marginBuy('0', undefined), reduce_only: true })).toEqual([
      'EOrder:Reduce only:No position exists',
    ]);
  });

  it('closing realises P&L in the quote currency', () => {
    const w = small();
    place(w, marginBuy('1', undefined)); // 65000.5
    const before = w.exchange.account('main').balance('ZUSD');
    w.exchange.setPrice('XBTUSD', '66000.0');
    place(w, marginSell('1', undefined)); // bid 65999.5: +999
    const trade = [...w.exchange.account('main').trades.values()].at(-1)!;
    expect(trade.net?.toString()).toBe('999');
    expect(trade.posstatus).toBe('closed');
    expect(w.exchange.account('main').balance('ZUSD').minus(before).toString()).toBe(
      trade.fee.negated().plus(999).toString(),
    );
  });

  it("OpenPositions shows Kraken's fields, with P&L when docalcs", () => {
    const w = small();
    place(w, marginBuy('1', undefined, '5'));
    w.exchange.setPrice('XBTUSD', '66000.0');
    const positions = ok<Record<string, Record<string, unknown>>>(w.exchange, w.key, 'OpenPositions', {
      docalcs: true,
    });
    const [position] = Object.values(positions);
    expect(position).toMatchObject({
      posstatus: 'open',
      pair: 'XXBTZUSD',
      type: 'buy',
      ordertype: 'market',
      cost: '65000.50000',
      vol: '1.00000000',
      vol_closed: '0.00000000',
      margin: '13000.10000',
      value: '65999.50000',
      net: '999.00000',
      terms: '0.02% per 4 hours',
    });
    const balance = ok<Record<string, string>>(w.exchange, w.key, 'TradeBalance');
    expect(balance['m']).toBe('13000.1000');
    expect(balance['n']).toBe('999.0000');
    expect(balance['ml']).toBeDefined();
  });

  it('rollover fees are charged every 4 hours on the exchange clock', () => {
    const w = small({}, { settings: { stepMs: 3_600_000 } });
    place(w, marginBuy('1', undefined));
    const position = [...w.exchange.account('main').positions.values()][0]!;
    const feeAfterOpening = position.fee;
    w.clock.advance(4 * 3600 * 1000);
    w.exchange.advance();
    expect(position.fee.minus(feeAfterOpening).toString()).toBe('13.0001'); // 0.02 % of 65000.5, rounded to 5 dp
  });
});

describe('reduce_only', () => {
  it('without a position: EOrder:Reduce only:No position exists', () => {
    expect(reject(small(), { ...marginSell('0.1', undefined), reduce_only: true })).toEqual([
      'EOrder:Reduce only:No position exists',
    ]);
  });

  it('larger than the position: fills the position, the rest is cancelled with Position is closed', () => {
    const w = small();
    place(w, marginBuy('0.3', undefined));
    const order = place(w, {
      ordertype: 'market',
      type: 'sell',
      pair: 'XBTUSD',
      volume: '0.5',
      reduce_only: true,
    });
    expect(order.volExec.toString()).toBe('0.3');
    expect(order.status).toBe('canceled');
    expect(order.reason).toBe('EOrder:Reduce only:Position is closed');
    expect(w.exchange.account('main').positions.size).toBe(0);
  });
});

describe('reduce-only markets', () => {
  it('KEEP/USD (reduce-only in the shared table): any order without a position is refused', () => {
    const w = world({ balances: RICH });
    expect(reject(w, { ordertype: 'market', type: 'buy', pair: 'KEEPUSD', volume: '100' })).toEqual([
      'EOrder:Reduce only:No position exists',
    ]);
    expect(reject(w, marginBuy('100', '0.12000', '2', 'KEEPUSD'))).toEqual([
      'EOrder:Reduce only:No position exists',
    ]);
  });

  it('with a position only reducing margin orders (volume ≤ position) are accepted', () => {
    const allowances = { currencies: { ...SMALL_ALLOWANCES.currencies, KEEP: { allowance: '100000' } } };
    const w = world({ balances: RICH }, { allowances });
    place(w, marginBuy('1000', undefined, '2', 'KEEPUSD'));
    w.exchange.setPairStatus('KEEPUSD', 'reduce_only');
    const cannot = 'EOrder:Reduce only:Cannot increase position';
    expect(reject(w, { ordertype: 'market', type: 'buy', pair: 'KEEPUSD', volume: '100' })).toEqual([cannot]);
    expect(reject(w, marginBuy('100', undefined, '2', 'KEEPUSD'))).toEqual([cannot]);
    expect(reject(w, marginSell('2000', undefined, '2', 'KEEPUSD'))).toEqual([cannot]);
    expect(reject(w, { ordertype: 'market', type: 'sell', pair: 'KEEPUSD', volume: '100' })).toEqual([
      cannot,
    ]);
    place(w, marginSell('400', undefined, '2', 'KEEPUSD'));
    place(w, { ordertype: 'market', type: 'sell', pair: 'KEEPUSD', volume: '600', reduce_only: true });
    expect(w.exchange.account('main').positions.size).toBe(0);
  });

  it('both reduce-only strings are configurable', () => {
    const w = world(
      { balances: RICH },
      { errorStrings: { reduceOnlyNoPosition: 'EOrder:Reduce only:Non-PC' } },
    );
    expect(reject(w, { ordertype: 'market', type: 'buy', pair: 'KEEPUSD', volume: '100' })).toEqual([
      'EOrder:Reduce only:Non-PC',
    ]);
  });
});

describe('exchange pool and collateral', () => {
  it("EOrder:Insufficient margin when the exchange's own pool is exhausted, across accounts", () => {
    const w = small({}, { marginLiquidity: { USD: '100000' } });
    const other = newKey('other');
    w.exchange.addAccount({ id: 'other', tier: 'intermediate', ...other, balances: RICH });
    place(w, marginBuy('1', '60000.0'));
    expect(call(w.exchange, other, 'AddOrder', marginBuy('0.7', '60000.0')).error).toEqual([
      'EOrder:Insufficient margin',
    ]);
    expect(call(w.exchange, other, 'AddOrder', marginBuy('0.6', '60000.0')).error).toEqual([]);
    expect(call(w.exchange, other, 'AddOrder', marginSell('1', '70000.0')).error).toEqual([]); // BTC pool: unlimited
  });

  it('EOrder:Margin level too low when collateral cannot cover the initial margin of everything open', () => {
    const w = small({ balances: { ZUSD: '10000' } });
    expect(reject(w, marginBuy('1', '60000.0', '5'))).toEqual(['EOrder:Margin level too low']); // needs 12,000
    place(w, marginBuy('0.8', '60000.0', '5')); // 9,600
    expect(reject(w, marginBuy('0.1', '60000.0', '5'))).toEqual(['EOrder:Margin level too low']);
    expect(place(w, marginBuy('0.03', '60000.0', '5')).status).toBe('open'); // 9,960
  });

  it('margin orders do not need spot funds', () => {
    const w = small({ balances: { ZUSD: '20000' } });
    expect(place(w, marginBuy('1', '60000.0', '5')).status).toBe('open');
  });
});

function tier(margin: boolean, maxLeverage: number) {
  return {
    margin,
    maxLeverage,
    withdrawalDailyUsd: '500000',
    rest: { max: 20, decayPerSecond: 0.5 },
    trading: { threshold: 125, decayPerSecond: 2.34, maxOpenOrdersPerPair: 80 },
  };
}
