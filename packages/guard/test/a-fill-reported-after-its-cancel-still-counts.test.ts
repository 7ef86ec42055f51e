/**
 * Kraken can answer a cancel before its executions feed reports the fills the order made first. The guard recorded
 * the cancel, forgot the order, and dropped the fill: the margin position it opened borrowed from the pool with
 * nothing counting it (nor its PnL) until the next reconcile, so the guard let through orders past the allowance.
 * An order ended by a cancel now stays findable for such fills, holding nothing for its unfilled rest.
 */
import type { ExecutionReport } from '@krakenkit/client/ws';
import {
  createGuard,
  type Guard,
  type GuardConfig,
  GuardRejectedError,
  guardClient,
  KRAKEN_CODES,
  type OrderIntent,
} from '@krakenkit/guard';
import { type GuardableWsClient, guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT, ManualClock } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } },
};

/** A resting margin buy of 1 BTC at 60,000 (60,000 USD held in the USD pool), accepted as O-REST. */
function restingMarginBuy() {
  const clock = new ManualClock();
  const guard = createGuard(RULES, EMPTY_ACCOUNT, { clock: clock.read });
  const placed = guard.reserve({
    pair: 'XBTUSD',
    side: 'buy',
    orderType: 'limit',
    volume: '1',
    price: '60000',
    leverage: '5',
    clOrdId: 'rest-1',
  });
  expect(placed.allowed).toBe(true);
  guard.apply({ type: 'order-accepted', ref: placed.ref ?? '', txid: 'O-REST' });
  return { guard, clock };
}

function usdPool(guard: Guard) {
  const pool = guard.snapshot().pools.find((entry) => entry.currency === 'USD');
  return { positions: pool?.positions ?? '0', orders: pool?.orders ?? '0' };
}

// 1.3 BTC at 60,000 borrows 78,000 USD: it fits the 100,000 allowance alone, not beside a 24,000 USD position.
const TOO_MUCH: OrderIntent = {
  pair: 'XBTUSD',
  side: 'buy',
  orderType: 'limit',
  volume: '1.3',
  price: '60000',
  leverage: '5',
};

function wsClient(): GuardableWsClient {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    addOrder: unused,
    batchAdd: unused,
    amendOrder: unused,
    cancelOrder: unused,
    cancelAll: unused,
    batchCancel: async () => ({ count: 1 }),
    cancelAllOrdersAfter: unused,
  };
}

const cancels: Record<string, (guard: Guard) => Promise<unknown>> = {
  'a REST CancelOrder': (guard) => {
    const { client } = recordingClient((method) => (method === 'cancelOrder' ? { count: 1 } : {}));
    return guardClient(client, guard).cancelOrder({ txid: 'O-REST' });
  },
  'a REST CancelAll': (guard) => {
    const { client } = recordingClient((method) => (method === 'cancelAll' ? { count: 1 } : {}));
    return guardClient(client, guard).cancelAll();
  },
  'a REST CancelOrderBatch': (guard) => {
    const { client } = recordingClient((method) => (method === 'cancelOrderBatch' ? { count: 1 } : {}));
    return guardClient(client, guard).cancelOrderBatch({ orders: ['O-REST'] });
  },
  'a WebSocket batch_cancel': (guard) => guardWsClient(wsClient(), guard).batchCancel({ orders: ['O-REST'] }),
  "the executions feed's cancel report": async (guard) =>
    guardWsClient(wsClient(), guard).applyExecution({ exec_type: 'canceled', order_id: 'O-REST' }),
};

const lateFill: ExecutionReport = {
  exec_type: 'trade',
  order_id: 'O-REST',
  cl_ord_id: 'rest-1',
  last_qty: '0.4',
  last_price: '60000',
};

describe('a fill reported after its order’s cancel was recorded', () => {
  for (const [name, cancel] of Object.entries(cancels)) {
    it(`still opens its position after ${name}, and the allowance then refuses what would exceed it`, async () => {
      const { guard } = restingMarginBuy();
      await cancel(guard);
      // The cancel releases everything the unfilled order held.
      expect(guard.orders()).toEqual([]);
      expect(usdPool(guard)).toEqual({ positions: '0', orders: '0' });

      expect(guardWsClient(wsClient(), guard).applyExecution(lateFill)).toBe(true);
      expect(guard.positions()).toEqual([
        expect.objectContaining({ id: 'O-REST', side: 'buy', volume: '0.4', cost: '24000' }),
      ]);
      expect(usdPool(guard)).toEqual({ positions: '24000', orders: '0' });
      expect(guard.orders()).toEqual([]); // ended: it holds nothing for its unfilled rest

      const refused = guard.check(TOO_MUCH);
      expect(refused.allowed).toBe(false);
      expect(refused.violations.map((violation) => violation.code)).toContain(
        KRAKEN_CODES.marginAllowanceExceeded,
      );
      const { client, calls } = recordingClient();
      await expect(
        guardClient(client, guard).addOrder({
          pair: 'XBTUSD',
          type: 'buy',
          ordertype: 'limit',
          volume: '1.3',
          price: '60000',
          leverage: '5',
        }),
      ).rejects.toBeInstanceOf(GuardRejectedError);
      expect(calls).toEqual([]);
    });
  }

  it('counts in the PnL of the account and of the bot that placed it', () => {
    const clock = new ManualClock();
    const guard = createGuard(RULES, EMPTY_ACCOUNT, { clock: clock.read });
    const bot = guard.forBot('maker');
    const ref = bot.reserve({ ...TOO_MUCH, volume: '1' }).ref ?? '';
    bot.apply({ type: 'order-accepted', ref, txid: 'O-BOT' });
    bot.apply({ type: 'order-cancelled', order: 'O-BOT' });
    expect(
      bot.apply({ type: 'order-filled', order: 'O-BOT', volume: '0.4', price: '60000', fee: '10' }),
    ).toBe(true);
    guard.setReferencePrice('XBTUSD', '61000');
    const { pnl } = guard.snapshot();
    // 0.4 BTC bought at 60,000 and marked at 61,000, less the 10 USD fee.
    expect(pnl.account.pnl).toBe('390');
    expect(pnl.bots['maker']?.pnl).toBe('390');
  });

  it('never counts past the order’s volume: what is beyond its unfilled rest, or after it, is dropped', () => {
    const { guard } = restingMarginBuy();
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    const fill = (volume: string) =>
      guard.apply({ type: 'order-filled', order: 'O-REST', volume, price: '60000' });
    expect(fill('0.4')).toBe(true);
    expect(fill('0.9')).toBe(true); // only 0.6 of it was left to fill
    expect(guard.positions()).toEqual([expect.objectContaining({ volume: '1' })]);
    expect(usdPool(guard).positions).toBe('60000');
    // Wholly filled, it is no longer kept: a repeated report finds nothing.
    expect(fill('0.4')).toBe(false);
    expect(guard.positions()).toEqual([expect.objectContaining({ volume: '1' })]);
    expect(usdPool(guard).positions).toBe('60000');
  });

  it('is counted for the cancelled order only; a rejected order, never placed, is not kept for fills', () => {
    const { guard } = restingMarginBuy();
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    expect(guard.apply({ type: 'order-filled', order: 'O-REST', volume: '0.4', price: '60000' })).toBe(true);

    const rejected = guard.reserve({ ...TOO_MUCH, volume: '0.5' }).ref ?? '';
    expect(guard.apply({ type: 'order-rejected', ref: rejected })).toBe(true);
    expect(guard.apply({ type: 'order-filled', order: rejected, volume: '0.5', price: '60000' })).toBe(false);
    expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
  });
});
