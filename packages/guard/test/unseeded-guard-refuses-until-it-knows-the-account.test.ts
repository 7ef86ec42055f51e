import {
  createGuard,
  GUARD_CODES,
  type GuardConfig,
  type GuardSeed,
  type OrderIntent,
} from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';

// A 20,000 USD allowance, and an account that already borrows 15,000 of it through an open long on the exchange.
const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '20000', fiat: true, aliases: ['ZUSD'] } },
  withdrawal: { allowedKeys: ['cold-wallet'] },
};
const ON_THE_EXCHANGE = {
  openPositions: {
    'TPOS-1': { pair: 'XXBTZUSD', type: 'buy', cost: '15000', vol: '0.3', time: 1_767_000_000 },
  },
  openOrders: { open: {} },
} as const satisfies GuardSeed;
const LONG: OrderIntent = {
  pair: 'XBTUSD',
  side: 'buy',
  orderType: 'limit',
  volume: '0.2',
  price: '50000',
  leverage: '5',
};
const WITHDRAWAL = {
  kind: 'withdraw',
  asset: 'ZUSD',
  key: 'cold-wallet',
  amount: '100',
  apiKey: { name: 'withdrawer', permissions: ['funds_withdraw'] },
} as const;
const codes = (decision: { violations: readonly { code: string }[] }) =>
  decision.violations.map((v) => v.code);

describe('a guard that has not been told what the account holds', () => {
  it('refuses an order that would fit an empty account, because positions may already use the allowance', () => {
    const guard = createGuard(RULES);
    const decision = guard.reserve(LONG); // 10,000 USD: fits 20,000, but not next to the 15,000 already borrowed
    expect(decision.allowed).toBe(false);
    expect(codes(decision)).toEqual([GUARD_CODES.notSeeded]);
    expect(decision.violations[0]?.message).toMatch(
      /OpenOrders and OpenPositions.*guard\.seed\(\).*reconcile\(\)/,
    );
    expect(guard.orders()).toEqual([]);
    expect(guard.snapshot().seeded).toBe(false);
  });

  it('refuses withdrawals too, and lets cancels through', () => {
    const guard = createGuard(RULES);
    expect(codes(guard.check(WITHDRAWAL))).toContain(GUARD_CODES.notSeeded);
    expect(guard.reserve({ kind: 'cancel', orderIds: ['OABC'] }).allowed).toBe(true);
  });

  it('is not seeded by balances alone: both open orders and open positions must be read', () => {
    const guard = createGuard(RULES, { balance: { ZUSD: '50000' } });
    guard.seed({ openPositions: {} });
    expect(codes(guard.check(LONG))).toEqual([GUARD_CODES.notSeeded]);
  });

  it('once seeded with the exchange view, judges normally: the existing long leaves no room for this one', () => {
    const guard = createGuard(RULES);
    guard.seed(ON_THE_EXCHANGE);
    expect(guard.snapshot().seeded).toBe(true);
    expect(codes(guard.check(LONG))).toEqual(['EOrder:Margin allowance exceeded']);
    expect(guard.check({ ...LONG, volume: '0.1' }).allowed).toBe(true); // 5,000 more: exactly the allowance
  });

  it('is seeded by createGuard’s seed or by a reconcile, as by seed()', () => {
    expect(createGuard(RULES, ON_THE_EXCHANGE).check({ ...LONG, volume: '0.1' }).allowed).toBe(true);
    const reconciled = createGuard(RULES);
    reconciled.reconcile(ON_THE_EXCHANGE);
    expect(codes(reconciled.check(LONG))).toEqual(['EOrder:Margin allowance exceeded']);
  });

  it("judges as an empty account when told to with unseeded: 'allow' (tests, spot-only scripts)", () => {
    const guard = createGuard(RULES, undefined, { unseeded: 'allow' });
    expect(guard.reserve(LONG)).toMatchObject({ allowed: true, ref: 'R1' });
  });
});
