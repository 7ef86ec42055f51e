import { ValidationError } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

type Loose = Record<string, (params: unknown) => Promise<unknown>>;

const hostile: Array<[method: string, params: unknown, field: string]> = [
  ['addOrder', null, 'AddOrder params'],
  [
    'addOrder',
    { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1', volume: '1', oflags: 7 },
    'AddOrder.oflags',
  ],
  ['addOrderBatch', { pair: 'XBTUSD', orders: 'not a list' }, 'AddOrderBatch.orders'],
  ['addOrderBatch', { pair: 'XBTUSD', orders: [null, null] }, 'AddOrderBatch.orders[0] params'],
  ['amendOrder', null, 'AmendOrder params'],
  ['editOrder', { txid: 'OABC', pair: 'XBTUSD', oflags: { post: true } }, 'EditOrder.oflags'],
  ['cancelOrder', null, 'CancelOrder params'],
  ['cancelOrderBatch', { orders: 42 }, 'CancelOrderBatch.orders'],
  ['cancelAll', { everything: true }, 'CancelAll.everything'],
  ['withdraw', null, 'Withdraw params'],
];

describe('guardClient validates params as the client does, before the guard reads them', () => {
  it.each(hostile)(
    '%s(%j) → ValidationError naming %s; nothing reserved or sent',
    async (method, params, field) => {
      const { guard } = testGuard();
      const { client, calls } = recordingClient();
      const guarded = guardClient(client, guard) as unknown as Loose;
      const error = await guarded[method]?.(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect(calls).toEqual([]);
      expect(guard.orders()).toEqual([]);
    },
  );

  it('takes cancelOrderBatch ids from comma text as the client does, and sends the validated list', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard) as unknown as Loose;
    await guarded['cancelOrderBatch']?.({ orders: 'OA-1,OB-2' });
    // The client is handed the params as validated once (frozen), not the caller's text to validate again.
    expect(calls).toEqual([{ method: 'cancelOrderBatch', params: { orders: ['OA-1', 'OB-2'] } }]);
    expect(Object.isFrozen(calls[0]?.params)).toBe(true);
  });
});
