import { ConfigError, Decimal } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGuardConfig } from '../src/config/load.js';
import type { Guard } from '../src/guard.js';
import type { OrderIntent } from '../src/intent.js';
import { codes, marginOrder, T0, testGuard } from './support/guard-factory.js';

// 100,000 USD and 1 BTC at 50,000 USD: 150,000 USD of equity before any trade.
const ACCOUNT = {
  balance: { ZUSD: '100000', XXBT: '1' },
  usdPrices: { XBT: '50000' },
  referencePrices: { XBTUSD: '50000' },
};
const NEXT_DAY = Date.UTC(2026, 0, 6);

const order = (side: 'buy' | 'sell', volume: string, price = '50000'): OrderIntent => ({
  pair: 'XBTUSD',
  side,
  orderType: 'limit',
  volume,
  price,
});

/** Reserves through `guard` (a bot's view or the account's), then accepts and fills the order. */
function fill(guard: Guard, intent: OrderIntent, fee = '0'): void {
  const reservation = guard.reserve(intent);
  if (reservation.ref === undefined)
    throw new Error(`refused: ${reservation.violations.map((v) => v.message).join('; ')}`);
  guard.apply({ type: 'order-accepted', ref: reservation.ref, txid: `T-${reservation.ref}` });
  guard.apply({
    type: 'order-filled',
    order: reservation.ref,
    volume: String(intent.volume),
    price: String(intent.price),
    fee,
  });
}

describe('daily loss limit of a bot (UTC day)', () => {
  it('refuses the bot new risk once its loss today is above the limit, naming the numbers', () => {
    const { guard } = testGuard({ lossLimits: { bots: { dca: { maxDailyLossUsd: '100' } } } }, ACCOUNT);
    const dca = guard.forBot('dca');
    fill(dca, order('buy', '1'), '5');
    guard.setReferencePrice('XBTUSD', '49950');
    // 50 of price + 5 of fee = 55: under the limit.
    expect(dca.check(order('buy', '0.1', '49950')).allowed).toBe(true);
    guard.setReferencePrice('XBTUSD', '49850');
    const decision = dca.check(order('buy', '0.1', '49850'));
    expect(codes(decision)).toEqual(['EGuard:Daily loss limit exceeded']);
    expect(decision.violations[0]).toEqual({
      rule: 'daily-loss',
      code: 'EGuard:Daily loss limit exceeded',
      message:
        'bot "dca" has lost 155 USD today (UTC day 2026-01-05, fees included, open positions at the mid), above its daily loss limit of 100 USD: only orders that reduce its positions pass until 00:00 UTC',
      limit: '100',
      requested: '155',
      currency: 'USD',
    });
  });

  it('lets orders that reduce the bot’s holdings through, and leaves other bots and the account alone', () => {
    const { guard } = testGuard({ lossLimits: { bots: { dca: { maxDailyLossUsd: '100' } } } }, ACCOUNT);
    const dca = guard.forBot('dca');
    fill(dca, order('buy', '1'));
    guard.setReferencePrice('XBTUSD', '49000');
    expect(dca.check(order('sell', '0.5', '49000')).allowed).toBe(true);
    expect(dca.check(order('sell', '1', '49000')).allowed).toBe(true);
    // Selling more than it holds opens a short: new risk.
    expect(codes(dca.check(order('sell', '1.5', '49000')))).toEqual(['EGuard:Daily loss limit exceeded']);
    expect(guard.forBot('grid').check(order('buy', '0.1', '49000')).allowed).toBe(true);
    expect(guard.check(order('buy', '0.1', '49000')).allowed).toBe(true);
  });

  it('stays halted for the rest of the UTC day even if the price recovers, and trades again the next day', () => {
    const { guard, clock } = testGuard(
      { lossLimits: { bots: { dca: { maxDailyLossUsd: '100' } } } },
      ACCOUNT,
    );
    const dca = guard.forBot('dca');
    fill(dca, order('buy', '1'));
    guard.setReferencePrice('XBTUSD', '49800');
    guard.setReferencePrice('XBTUSD', '50000');
    const decision = dca.check(order('buy', '0.1'));
    expect(codes(decision)).toEqual(['EGuard:Daily loss limit exceeded']);
    expect(decision.violations[0]?.message).toContain('has lost 200 USD today');
    clock.advance(NEXT_DAY - T0 - 1);
    expect(dca.check(order('buy', '0.1')).allowed).toBe(false);
    clock.advance(1);
    expect(dca.check(order('buy', '0.1')).allowed).toBe(true);
    expect(guard.snapshot().pnl.bots['dca']).toMatchObject({ dayPnl: '0', pnl: '0' });
    // Yesterday's PnL is not today's loss: a further 50 down is 50 today.
    guard.setReferencePrice('XBTUSD', '49950');
    expect(guard.snapshot().pnl).toMatchObject({ day: '2026-01-06', bots: { dca: { dayPnl: '-50' } } });
  });

  it('a halted bot may shrink a resting order, not grow it', () => {
    const { guard } = testGuard({ lossLimits: { bots: { dca: { maxDailyLossUsd: '100' } } } }, ACCOUNT);
    const dca = guard.forBot('dca');
    fill(dca, order('buy', '1'));
    const resting = dca.reserve(order('buy', '0.5', '45000'));
    dca.apply({ type: 'order-accepted', ref: resting.ref ?? '', txid: 'REST-1' });
    guard.setReferencePrice('XBTUSD', '49000');
    expect(dca.check({ kind: 'amend', orderId: 'REST-1', volume: '0.2' }).allowed).toBe(true);
    expect(codes(dca.check({ kind: 'amend', orderId: 'REST-1', volume: '0.8' }))).toEqual([
      'EGuard:Daily loss limit exceeded',
    ]);
  });

  it('a margin bot can still close its position; new entries are refused', () => {
    const { guard } = testGuard({ lossLimits: { bots: { trend: { maxDailyLossUsd: '100' } } } }, ACCOUNT);
    const trend = guard.forBot('trend');
    fill(trend, marginOrder('XBTUSD', 'buy', '1', '50000', '2'));
    guard.setReferencePrice('XBTUSD', '49000');
    expect(codes(trend.check(marginOrder('XBTUSD', 'buy', '0.1', '49000', '2')))).toEqual([
      'EGuard:Daily loss limit exceeded',
    ]);
    expect(
      trend.check({ ...marginOrder('XBTUSD', 'sell', '1', '49000', '2'), reduceOnly: true }).allowed,
    ).toBe(true);
    expect(trend.check(marginOrder('XBTUSD', 'sell', '1', '49000', '2')).allowed).toBe(true);
  });
});

describe('daily loss limit of the account', () => {
  it('halts every bot (and orders without a bot) for new risk when the whole account lost too much', () => {
    const { guard } = testGuard({ lossLimits: { account: { maxDailyLossUsd: '300' } } }, ACCOUNT);
    fill(guard.forBot('a'), order('buy', '1'));
    fill(guard.forBot('b'), order('buy', '1'));
    guard.setReferencePrice('XBTUSD', '49800');
    const decision = guard.forBot('c').check(order('buy', '0.1', '49800'));
    expect(codes(decision)).toEqual(['EGuard:Daily loss limit exceeded']);
    expect(decision.violations[0]?.message).toBe(
      'the account has lost 400 USD today (UTC day 2026-01-05, fees included, open positions at the mid), above its daily loss limit of 300 USD: only orders that reduce its positions pass until 00:00 UTC',
    );
    expect(codes(guard.check(order('buy', '0.1', '49800')))).toEqual(['EGuard:Daily loss limit exceeded']);
    // The account holds 1 BTC from before and 2 bought today: selling any of it reduces risk.
    expect(guard.forBot('c').check(order('sell', '3', '49800')).allowed).toBe(true);
    expect(guard.forBot('a').check(order('sell', '1', '49800')).allowed).toBe(true);
  });

  it('counts fills reported as trades only (found at reconciliation) the same way', () => {
    const { guard } = testGuard({ lossLimits: { account: { maxDailyLossUsd: '300' } } }, ACCOUNT);
    guard.apply({
      type: 'trade',
      pair: 'XBTUSD',
      side: 'buy',
      volume: '2',
      price: '50000',
      fee: '20',
      bot: 'a',
    });
    guard.setReferencePrice('XBTUSD', '49850');
    expect(guard.snapshot().pnl.account).toMatchObject({ pnl: '-320', dayPnl: '-320' });
    expect(guard.snapshot().pnl.bots['a']).toMatchObject({ pnl: '-320' });
    expect(guard.orders()).toHaveLength(0);
    expect(codes(guard.check(order('buy', '0.1', '49850')))).toEqual(['EGuard:Daily loss limit exceeded']);
  });
});

describe('max drawdown from peak', () => {
  it('halts a bot whose PnL fell more than its limit below its peak, and keeps it halted the next day', () => {
    const { guard, clock } = testGuard(
      { lossLimits: { bots: { dca: { maxDrawdownUsd: '1000' } } } },
      ACCOUNT,
    );
    const dca = guard.forBot('dca');
    fill(dca, order('buy', '1'));
    guard.setReferencePrice('XBTUSD', '50500');
    guard.setReferencePrice('XBTUSD', '49600');
    expect(dca.check(order('buy', '0.1', '49600')).allowed).toBe(true);
    guard.setReferencePrice('XBTUSD', '49400');
    const decision = dca.check(order('buy', '0.1', '49400'));
    expect(decision.violations).toEqual([
      {
        rule: 'drawdown',
        code: 'EGuard:Max drawdown exceeded',
        message:
          'bot "dca" is 1100 USD below its peak PnL of 500 USD (now -600 USD), above its max drawdown of 1000 USD: only orders that reduce its positions pass',
        limit: '1000',
        requested: '1100',
        currency: 'USD',
      },
    ]);
    clock.advance(NEXT_DAY - T0);
    guard.setReferencePrice('XBTUSD', '50500');
    expect(codes(dca.check(order('buy', '0.1', '50500')))).toEqual(['EGuard:Max drawdown exceeded']);
    expect(dca.check(order('sell', '1', '50500')).allowed).toBe(true);
  });

  it('halts the account at a percentage of its peak equity (balances at USD prices plus trading PnL)', () => {
    const { guard } = testGuard({ lossLimits: { account: { maxDrawdownPercent: 1 } } }, ACCOUNT);
    fill(guard, order('buy', '1'));
    guard.setReferencePrice('XBTUSD', '48600');
    expect(guard.check(order('buy', '0.1', '48600')).allowed).toBe(true);
    guard.setReferencePrice('XBTUSD', '48400');
    const decision = guard.check(order('buy', '0.1', '48400'));
    expect(decision.violations[0]).toMatchObject({
      rule: 'drawdown',
      code: 'EGuard:Max drawdown exceeded',
      limit: '1',
      requested: '1.07',
      currency: '%',
      message:
        'the account equity is 1600 USD (1.07%) below its peak of 150000 USD (now 148400 USD), above its max drawdown of 1%: only orders that reduce its positions pass',
    });
  });

  it('refuses new risk when the loss limits cannot be valued in USD (fail closed)', () => {
    const { guard } = testGuard({ lossLimits: { bots: { eur: { maxDailyLossUsd: '100' } } } }, ACCOUNT);
    const eur = guard.forBot('eur');
    fill(eur, { ...order('buy', '0.1', '45000'), pair: 'XBTEUR' });
    const decision = eur.check({ ...order('buy', '0.1', '45000'), pair: 'XBTEUR' });
    expect(codes(decision)).toEqual(['EGuard:Missing reference price']);
    expect(decision.violations[0]?.message).toContain('no USD price of EUR');
    guard.setUsdPrice('EUR', '1.1');
    expect(eur.check({ ...order('buy', '0.1', '45000'), pair: 'XBTEUR' }).allowed).toBe(true);
  });
});

describe('loss limits in YAML', () => {
  it('are validated with file:line:column', () => {
    const yaml = `tier: intermediate
lossLimits:
  account: { maxDailyLossUsd: 500, maxDrawdownPercent: 150 }
  bots:
    dca: { maxDrawdownPercent: 5, maxDrawdownUsd: "-1" }
`;
    let issues: readonly { path: string; line?: number; column?: number; message: string }[] = [];
    try {
      loadGuardConfig(yaml, { file: 'guard.yaml' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      issues = (error as ConfigError).issues;
    }
    const at = (path: string) => issues.find((issue) => issue.path === path);
    expect(at('lossLimits.account.maxDailyLossUsd')).toMatchObject({ line: 3, column: 31 });
    expect(at('lossLimits.account.maxDailyLossUsd')?.message).toMatch(/decimal string/);
    expect(at('lossLimits.account.maxDrawdownPercent')).toMatchObject({ line: 3, column: 56 });
    expect(at('lossLimits.bots.dca.maxDrawdownPercent')?.message).toMatch(/unknown key/);
    expect(at('lossLimits.bots.dca.maxDrawdownUsd')).toMatchObject({ line: 5 });
  });
});

// Decimal text from integers, never through a float.
const decimalText = (units: number, places: number) =>
  new Decimal(units).div(new Decimal(10).pow(places)).toFixed();
const fillArb = fc.record({
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  volume: fc.integer({ min: 1, max: 5_000 }).map((n) => decimalText(n, 3)),
  price: fc.integer({ min: 4_000_000, max: 6_000_000 }).map((n) => decimalText(n, 2)),
  fee: fc.integer({ min: 0, max: 5_000 }).map((n) => decimalText(n, 2)),
});

describe('loss limit properties', () => {
  it('a bot’s PnL is cash received − cash paid + holdings at the mid − fees, for any fills', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 4_000_000, max: 6_000_000 }),
        (fills, markUnits) => {
          const { guard } = testGuard({}, ACCOUNT);
          let cash = new Decimal(0);
          let base = new Decimal(0);
          let fees = new Decimal(0);
          for (const f of fills) {
            guard.apply({ type: 'trade', pair: 'XBTUSD', ...f, bot: 'b' });
            const cost = new Decimal(f.volume).times(f.price);
            cash = f.side === 'buy' ? cash.minus(cost) : cash.plus(cost);
            base = f.side === 'buy' ? base.plus(f.volume) : base.minus(f.volume);
            fees = fees.plus(f.fee);
          }
          const mark = decimalText(markUnits, 2);
          guard.setReferencePrice('XBTUSD', mark);
          const expected = cash.plus(base.times(mark)).minus(fees);
          const pnl = guard.snapshot().pnl;
          return (
            new Decimal(pnl.bots['b']?.pnl ?? 'NaN').eq(expected) && new Decimal(pnl.account.pnl).eq(expected)
          );
        },
      ),
    );
  });

  it('over its daily loss limit, a bot’s spot order is refused for the loss exactly when it does not reduce its holding', () => {
    fc.assert(
      fc.property(
        fc.array(
          fillArb.map((f) => ({ ...f, side: 'buy' as const })),
          { minLength: 1, maxLength: 10 },
        ),
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        fc.integer({ min: 1, max: 60_000 }).map((n) => decimalText(n, 3)),
        (buys, side, volume) => {
          const { guard } = testGuard({ lossLimits: { bots: { b: { maxDailyLossUsd: '1' } } } }, ACCOUNT);
          for (const f of buys) guard.apply({ type: 'trade', pair: 'XBTUSD', ...f, bot: 'b' });
          // Marked below every fill price: a loss of at least the smallest volume × 1 USD, above the 1 USD limit.
          guard.setReferencePrice('XBTUSD', '30000');
          const held = buys.reduce((sum, f) => sum.plus(f.volume), new Decimal(0));
          const refused = codes(guard.forBot('b').check(order(side, volume, '30000'))).includes(
            'EGuard:Daily loss limit exceeded',
          );
          const reduces = side === 'sell' && new Decimal(volume).lte(held);
          return refused === !reduces;
        },
      ),
    );
  });
});
