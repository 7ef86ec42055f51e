import { type AddOrderParams, KrakenError, OrderNotPlacedError, TransportError } from '@krakenkit/client';
import { endpoints } from '@krakenkit/client/wire';
import { isValidatedOrder } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { GuardRejectedError } from '../src/client/guard-rejected-error.js';
import { testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

const bigLong = {
  pair: 'XBTUSD',
  type: 'buy' as const,
  ordertype: 'limit' as const,
  volume: '300',
  price: '50000',
  leverage: '5',
};

describe('guardClient: the only door', () => {
  it('throws GuardRejectedError and sends nothing when the guard refuses', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    await guarded.addOrder(bigLong);
    const refusal = guarded.addOrder({ ...bigLong, volume: '0.0001' });
    await expect(refusal).rejects.toBeInstanceOf(GuardRejectedError);
    await expect(refusal).rejects.toMatchObject({
      code: 'EOrder:Margin allowance exceeded',
      category: 'guard',
      violations: [expect.objectContaining({ currency: 'USD', limit: '15000000' })],
    });
    expect(calls.map((call) => call.method)).toEqual(['addOrder']);
    expect(guard.orders()).toEqual([
      expect.objectContaining({ txid: expect.stringMatching(/^OTX-/), status: 'open' }),
    ]);
  });

  it('offers no way to the raw client: no request(), no WebSocket token, frozen', () => {
    const { guard } = testGuard();
    const { client } = recordingClient();
    const guarded = guardClient(client, guard) as unknown as Record<string, unknown>;
    expect(guarded['request']).toBeUndefined();
    expect(guarded['getWebSocketsToken']).toBeUndefined();
    expect(Object.values(guarded)).not.toContain(client);
    expect(Object.isFrozen(guarded)).toBe(true);
    expect(typeof guarded['balance']).toBe('function');
  });

  it('releases the reservation when Kraken certainly refused, keeps it when the outcome is unknown', async () => {
    const { guard } = testGuard();
    let answer: Error = new KrakenError(['EOrder:Insufficient margin'], 'AddOrder');
    const { client } = recordingClient(() => {
      throw answer;
    });
    const guarded = guardClient(client, guard);
    await expect(guarded.addOrder(bigLong)).rejects.toBeInstanceOf(KrakenError);
    expect(guard.orders()).toEqual([]);
    answer = new TransportError('timeout', { endpoint: 'AddOrder', outcome: 'unknown' });
    await expect(guarded.addOrder(bigLong)).rejects.toBeInstanceOf(TransportError);
    expect(guard.orders()).toEqual([expect.objectContaining({ status: 'in-flight' })]);
    // Still held: a second order cannot take the same headroom while the first one's fate is unknown.
    answer = new TransportError('refused', { endpoint: 'AddOrder', outcome: 'not-sent' });
    await expect(guarded.addOrder(bigLong)).rejects.toBeInstanceOf(GuardRejectedError);
  });

  it('releases the reservation when the client proved a lost order was not placed', async () => {
    const { guard } = testGuard();
    const lost = new TransportError('reset', { endpoint: 'AddOrder', outcome: 'unknown' });
    const { client } = recordingClient(() => {
      throw new OrderNotPlacedError('AddOrder', ['c0ffee'], lost);
    });
    const guarded = guardClient(client, guard);
    await expect(guarded.addOrder(bigLong)).rejects.toBeInstanceOf(OrderNotPlacedError);
    expect(guard.orders()).toEqual([]);
    // The headroom is free again: the same order may be placed.
    expect(
      guard.check({
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '300',
        price: '50000',
        leverage: '5',
      }).allowed,
    ).toBe(true);
  });

  it('rounds what it sends when config asks, and refuses viqc orders it cannot size', async () => {
    const { guard } = testGuard({ rounding: { price: 'round-passive' } });
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    await guarded.addOrder({ ...bigLong, volume: '1', price: '50000.27' });
    // The client is handed a validated order (it will not parse it again); on the wire the price is rounded.
    expect(isValidatedOrder(calls[0]?.params)).toBe(true);
    expect(endpoints.addOrder.toWire(calls[0]?.params as AddOrderParams)).toMatchObject({ price: '50000.2' });
    // A viqc order the client itself accepts (a spot market buy): only the guard refuses it.
    const viqc = { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '1', oflags: ['viqc'] } as const;
    await expect(guarded.addOrder({ ...viqc, oflags: [...viqc.oflags] })).rejects.toMatchObject({
      code: 'EGuard:Invalid intent',
    });
    expect(calls).toHaveLength(1);
  });

  it('checks a whole batch before sending any of it', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    const order = {
      type: 'buy' as const,
      ordertype: 'limit' as const,
      volume: '200',
      price: '50000',
      leverage: '5',
    };
    const refusal = guarded.addOrderBatch({ pair: 'XBTUSD', orders: [order, order] });
    await expect(refusal).rejects.toMatchObject({ code: 'EOrder:Margin allowance exceeded' });
    await expect(refusal).rejects.toThrow(/orders\[1\]/);
    expect(calls).toEqual([]);
    const result = await guarded.addOrderBatch({
      pair: 'XBTUSD',
      orders: [order, { ...order, volume: '100' }],
    });
    expect(result.orders).toHaveLength(2);
    expect(guard.orders().map((tracked) => tracked.status)).toEqual(['open', 'open']);
  });

  it('checks amends and edits against the order they change', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    const placed = await guarded.addOrder(bigLong);
    const txid = placed.txid?.[0] ?? '';
    await expect(guarded.amendOrder({ txid, limit_price: '50001' })).rejects.toMatchObject({
      code: 'EOrder:Margin allowance exceeded',
    });
    await guarded.amendOrder({ txid, limit_price: '40000' });
    expect(guard.snapshot().pools[0]?.total).toBe('12000000');
    const edited = await guarded.editOrder({ txid, pair: 'XBTUSD', volume: '100' });
    expect(guard.orders()[0]).toMatchObject({ txid: edited.txid, volume: '100' });
    expect(calls.map((call) => call.method)).toEqual(['addOrder', 'amendOrder', 'editOrder']);
  });

  it('lets cancels through even when HALTED, and records them', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    const placed = await guarded.addOrder(bigLong);
    guard.setTradingState('HALTED');
    await expect(guarded.addOrder({ ...bigLong, volume: '1' })).rejects.toMatchObject({
      code: 'EGuard:Trading halted',
    });
    await guarded.cancelOrder({ txid: placed.txid?.[0] ?? '' });
    await guarded.cancelAll();
    await guarded.cancelAllOrdersAfter({ timeout: 60 });
    expect(guard.orders()).toEqual([]);
    expect(calls.map((call) => call.method)).toEqual([
      'addOrder',
      'cancelOrder',
      'cancelAll',
      'cancelAllOrdersAfter',
    ]);
  });

  it('refuses a withdrawal through the trading key it wraps, and asks WithdrawInfo for the limit first', async () => {
    const { guard } = testGuard({ withdrawal: { allowedKeys: ['cold'] } }, { usdPrices: { XBT: '60000' } });
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    await expect(guarded.withdraw({ asset: 'XBT', key: 'cold', amount: '0.1' })).rejects.toMatchObject({
      code: 'EGuard:Withdrawal through trading key',
    });
    expect(calls.map((call) => call.method)).toEqual(['withdrawInfo']);
    const withdrawer = recordingClient();
    const treasury = guardClient(
      { ...withdrawer.client, key: { name: 'treasury', permissions: ['funds_withdraw'] } },
      guard,
    );
    await treasury.withdraw({ asset: 'XBT', key: 'cold', amount: '0.1' });
    expect(withdrawer.calls.map((call) => call.method)).toEqual(['withdrawInfo', 'withdraw']);
    expect(guard.snapshot().withdrawals24hUsd).toBe('6000');
  });
});
