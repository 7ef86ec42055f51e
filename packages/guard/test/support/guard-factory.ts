import type { GuardConfig } from '../../src/config/schema.js';
import { createGuard, type Guard } from '../../src/guard.js';
import type { GuardSeed } from '../../src/guard-seed.js';
import { ASSET_PAIRS } from './asset-pairs.js';

/** A fixed moment, so rolling windows and rate counters are deterministic. */
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

/** A clock the test moves by hand. */
export class ManualClock {
  now = T0;
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface TestGuard {
  guard: Guard;
  clock: ManualClock;
}

/** What OpenOrders and OpenPositions answer for an account with neither: the seed of an empty account. */
export const EMPTY_ACCOUNT = { openOrders: { open: {} }, openPositions: {} } as const satisfies GuardSeed;

/**
 * A guard on the fixture pairs, intermediate tier unless told otherwise, seeded with `seed` on an account that
 * holds no other orders or positions (a seed without those lists reads as an empty account).
 */
export function testGuard(config: Partial<GuardConfig> = {}, seed?: GuardSeed): TestGuard {
  const clock = new ManualClock();
  const guard = createGuard(
    { tier: 'intermediate', assetPairs: ASSET_PAIRS, ...config },
    { ...EMPTY_ACCOUNT, ...seed },
    { clock: clock.read },
  );
  return { guard, clock };
}

/** A margin limit order: the shape most seed examples need. */
export function marginOrder(
  pair: string,
  side: 'buy' | 'sell',
  volume: string,
  price: string,
  leverage = '5',
) {
  return { pair, side, orderType: 'limit' as const, volume, price, leverage };
}

/** Reserve, accept and fill an order completely; returns its reservation ref. */
export function placeAndFill(guard: Guard, intent: Parameters<Guard['reserve']>[0], price?: string): string {
  const reservation = guard.reserve(intent);
  if (!reservation.allowed || reservation.ref === undefined) {
    throw new Error(`expected allowed: ${reservation.violations.map((v) => v.message).join('; ')}`);
  }
  const ref = reservation.ref;
  guard.apply({ type: 'order-accepted', ref, txid: `O-${ref}` });
  const order = intent as { volume: string; price?: string };
  guard.apply({ type: 'order-filled', order: ref, volume: order.volume, price: price ?? order.price ?? '0' });
  return ref;
}

/** The codes of a decision's violations. */
export function codes(decision: { violations: readonly { code: string }[] }): string[] {
  return decision.violations.map((violation) => violation.code);
}

/**
 * What a fill changes, read off the guard with XBTUSD at 61,000: positions (id, volume, cost), orders (txid, filled),
 * the USD pool's total and the PnL of the account and of bot `maker`.
 */
export function fillView(guard: Guard) {
  guard.setReferencePrice('XBTUSD', '61000');
  const { pnl, pools } = guard.snapshot();
  return {
    positions: guard.positions().map((position) => [position.id, position.volume, position.cost]),
    orders: guard.orders().map((order) => [order.txid, order.filled]),
    pool: pools.find((pool) => pool.currency === 'USD')?.total,
    pnl: [pnl.account.pnl, pnl.bots['maker']?.pnl],
  };
}
