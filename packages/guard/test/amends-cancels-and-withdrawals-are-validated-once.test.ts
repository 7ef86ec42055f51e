import { type ApiKeyConfig, createClient, type KrakenClient, ValidationError } from '@krakenkit/client';
import { endpoints, validateParams } from '@krakenkit/client/wire';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

/** The caller's params behind a Proxy that counts how often `field` is read (a validation reads it once). */
function counted<T extends object>(params: T, field: string) {
  const reads = { count: 0 };
  const proxy = new Proxy(params, {
    getOwnPropertyDescriptor(target, key) {
      if (key === field) reads.count += 1;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      if (key === field) reads.count += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { proxy, reads };
}

const ANSWERS: Record<string, unknown> = {
  AddOrder: { descr: { order: 'buy 1 XBTUSD @ limit 50000' }, txid: ['OX-1'] },
  AmendOrder: { amend_id: 'AM-1' },
  EditOrder: { status: 'ok', txid: 'OY-1', originaltxid: 'OX-1' },
  CancelOrder: { count: 1 },
  CancelOrderBatch: { count: 2 },
  WithdrawInfo: { method: 'Bitcoin', limit: '5', amount: '0.1', fee: '0.0001' },
  Withdraw: { refid: 'W-1' },
};

/** A real client on an in-process transport that answers like Kraken, keeping each body sent by endpoint. */
function realClient(
  sent: Array<{ endpoint: string; body: string }>,
  permissions: ApiKeyConfig['permissions'],
): KrakenClient {
  return createClient({
    transport: {
      async send(request: { path: string; body?: string }) {
        const endpoint = request.path.split('/').pop() ?? '';
        sent.push({ endpoint, body: request.body ?? '' });
        return { status: 200, body: JSON.stringify({ error: [], result: ANSWERS[endpoint] ?? {} }) };
      },
    },
    tier: 'intermediate',
    key: {
      name: 'validated-once',
      apiKey: `validated-once-${process.pid}-${Date.now()}-${Math.random()}`,
      apiSecret: Buffer.from('k'.repeat(64)).toString('base64'),
      permissions,
    },
  });
}

/** The body without its nonce, as the endpoint's params in order. */
const paramsOf = (body: string) => body.replace(/^nonce=\d+&?/, '');

describe('amends, edits, cancels and withdrawals through the guarded client are validated once', () => {
  it("reads the caller's params once on the whole guarded path, guard and client included", async () => {
    const sent: Array<{ endpoint: string; body: string }> = [];
    const client = realClient(sent, ['trades_modify', 'trades_close']);
    try {
      const { guard } = testGuard();
      const guarded = guardClient(client, guard);
      await guarded.addOrder({
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        volume: '1',
        price: '50000',
      });

      const amend = counted({ txid: 'OX-1', order_qty: '0.5' }, 'order_qty');
      await guarded.amendOrder(amend.proxy);
      expect(amend.reads.count).toBe(1);

      const edit = counted({ txid: 'OX-1', pair: 'XBTUSD', volume: '0.4', price: '49000' }, 'volume');
      await guarded.editOrder(edit.proxy);
      expect(edit.reads.count).toBe(1);

      const cancel = counted({ txid: 'OY-1' }, 'txid');
      await guarded.cancelOrder(cancel.proxy);
      expect(cancel.reads.count).toBe(1);

      const batch = counted({ orders: ['OA-1', 'OB-2'] }, 'orders');
      await guarded.cancelOrderBatch(batch.proxy);
      expect(batch.reads.count).toBe(1);

      expect(sent.map((s) => [s.endpoint, paramsOf(s.body)])).toEqual([
        ['AddOrder', expect.stringContaining('ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=1')],
        ['AmendOrder', 'order_qty=0.5&txid=OX-1'],
        ['EditOrder', 'pair=XBTUSD&price=49000&txid=OX-1&volume=0.4'],
        ['CancelOrder', 'txid=OY-1'],
        ['CancelOrderBatch', expect.stringContaining('"orders":["OA-1","OB-2"]')],
      ]);
      // The guard followed the order it judged: placed, amended, replaced by the edit, then cancelled.
      expect(guard.orders().filter((order) => order.status === 'open')).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("reads a withdrawal's params once, WithdrawInfo and the guard's limit check included", async () => {
    const sent: Array<{ endpoint: string; body: string }> = [];
    const client = realClient(sent, ['funds_withdraw', 'funds_query']);
    try {
      const { guard } = testGuard({ withdrawal: { allowedKeys: ['cold-wallet'] } });
      guard.setUsdPrice('XBT', '60000');
      const withdrawal = counted({ asset: 'XBT', key: 'cold-wallet', amount: '0.1' }, 'amount');
      await guardClient(client, guard).withdraw(withdrawal.proxy);
      expect(withdrawal.reads.count).toBe(1);
      expect(sent.map((s) => [s.endpoint, paramsOf(s.body)])).toEqual([
        ['WithdrawInfo', 'amount=0.1&asset=XBT&key=cold-wallet'],
        ['Withdraw', 'amount=0.1&asset=XBT&key=cold-wallet'],
      ]);
    } finally {
      await client.close();
    }
  });

  it('hands the client the validated params the guard read, frozen', async () => {
    const { client, calls } = recordingClient();
    const { guard } = testGuard();
    const guarded = guardClient(client, guard);
    await guarded.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1', price: '50000' });
    const txid = guard.orders()[0]?.txid ?? '';
    await guarded.amendOrder({ txid, order_qty: '0.5' });
    await guarded.cancelOrder({ txid });
    const [, amend, cancel] = calls;
    expect(amend).toEqual({ method: 'amendOrder', params: { order_qty: '0.5', txid } });
    expect(Object.isFrozen(amend?.params)).toBe(true);
    expect(cancel).toEqual({ method: 'cancelOrder', params: { txid } });
    expect(Object.isFrozen(cancel?.params)).toBe(true);
  });

  it('sends validated params as they are, but validates a copy, a look-alike or params of another endpoint', async () => {
    const sent: Array<{ endpoint: string; body: string }> = [];
    const client = realClient(sent, ['trades_modify', 'trades_close']);
    try {
      const amend = validateParams(endpoints.amendOrder, { txid: 'OX-1', order_qty: '0.5' });
      expect(Object.isFrozen(amend)).toBe(true);
      await client.amendOrder(amend);
      // A copy is not validated params: it is checked again, and a changed one is refused.
      await expect(client.amendOrder({ ...amend, order_qty: 1 as never })).rejects.toBeInstanceOf(
        ValidationError,
      );
      // Validated for AmendOrder is not validated for CancelOrder: its rules refuse the amend's fields.
      await expect(client.cancelOrder(amend as never)).rejects.toMatchObject({
        name: 'ValidationError',
        field: 'CancelOrder.order_qty',
      });
      expect(sent.map((s) => s.endpoint)).toEqual(['AmendOrder']);
    } finally {
      await client.close();
    }
  });
});
