import { createClient, ValidationError } from '@krakenkit/client';
import { Decimal, isValidatedOrder, parseOrder } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

const LONG = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  volume: '1',
  price: '50000',
  leverage: '5',
} as const;

/** The caller's params behind a Proxy that counts how often `volume` is read (a validation reads it once). */
function counted(params: object) {
  const reads = { volume: 0 };
  const proxy = new Proxy(params, {
    getOwnPropertyDescriptor(target, key) {
      if (key === 'volume') reads.volume += 1;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      if (key === 'volume') reads.volume += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { proxy, reads };
}

/** A real client on an in-process transport that answers AddOrder like Kraken, keeping each body sent. */
function realClient(bodies: string[]) {
  return createClient({
    transport: {
      async send(request: { path: string; body?: string }) {
        bodies.push(request.body ?? '');
        return {
          status: 200,
          body: JSON.stringify({ error: [], result: { descr: { order: 'x' }, txid: ['OX'] } }),
        };
      },
    },
    tier: 'intermediate',
    key: {
      name: 'one-validation',
      apiKey: `one-validation-${process.pid}-${Date.now()}`,
      apiSecret: Buffer.from('k'.repeat(64)).toString('base64'),
      permissions: ['trades_modify'],
    },
  });
}

describe('one validated order travels from the caller to the wire', () => {
  it("reads the caller's params once on the whole guarded path, guard and client included", async () => {
    const bodies: string[] = [];
    const client = realClient(bodies);
    try {
      const guarded = guardClient(client, testGuard().guard);
      const { proxy, reads } = counted({ ...LONG });
      await guarded.addOrder(proxy as typeof LONG);
      expect(reads.volume).toBe(1);
      expect(bodies[0]).toMatch(/leverage=5&ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=1(&|$)/);
    } finally {
      await client.close();
    }
  });

  it('hands the client the very order it was given, and the guard judges that order', async () => {
    const { client, calls } = recordingClient();
    const { guard } = testGuard();
    const judged: unknown[] = [];
    guard.onAudit((event) => {
      if (event.type === 'decision') judged.push(event.intent);
    });
    const order = parseOrder(LONG);
    await guardClient(client, guard).addOrder(order);
    expect(calls[0]?.params).toBe(order);
    // The audit trail writes it in the intent's shape, as it writes orders given as intents.
    expect(judged[0]).toEqual({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: '50000',
      leverage: 5,
      postOnly: false,
    });
    // Raw params are parsed once by the guarded client: the client gets a validated order.
    await guardClient(client, guard).addOrder({ ...LONG, volume: '2' });
    expect(isValidatedOrder(calls[1]?.params)).toBe(true);
  });

  it('refuses hostile params with a ValidationError naming the field before the guard reads them', async () => {
    const { client, calls } = recordingClient();
    const { guard } = testGuard();
    let judged = 0;
    guard.onAudit(() => {
      judged += 1;
    });
    const guarded = guardClient(client, guard);
    await expect(guarded.addOrder({ ...LONG, volume: 1 as never })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'AddOrder.volume',
      value: 1,
    });
    await expect(guarded.addOrder({ ...LONG, leverage: '5:2' })).rejects.toBeInstanceOf(ValidationError);
    expect(judged).toBe(0);
    expect(calls).toEqual([]);
  });

  it('gives the guard and the client one leverage grammar: 5, "5" and "5:1" are the same order', () => {
    const { guard } = testGuard();
    guard.setReferencePrice('XBTUSD', '50000');
    for (const leverage of [5, '5', '5:1'] as const) {
      const order = parseOrder({ ...LONG, leverage });
      expect(order.leverage).toBe(5);
      const intent = {
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '1',
        price: '50000',
        leverage,
      };
      expect(guard.check(order)).toEqual(guard.check(intent as never));
    }
    for (const leverage of ['1', '5:2', 'lots']) {
      expect(() => parseOrder({ ...LONG, leverage })).toThrow(ValidationError);
      const intent = {
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '1',
        price: '50000',
        leverage,
      };
      expect(guard.check(intent as never).violations.map((v) => v.code)).toEqual([
        'EGeneral:Invalid arguments:leverage',
      ]);
    }
  });

  it('judges a validated order from its own Decimals and refuses an offset price it cannot check', () => {
    const { guard } = testGuard();
    guard.setReferencePrice('XBTUSD', '50000');
    const big = parseOrder({ ...LONG, volume: new Decimal('301'), price: new Decimal('50000') });
    expect(guard.check(big).violations.map((v) => v.code)).toEqual(['EOrder:Margin allowance exceeded']);
    const offset = parseOrder({ ...LONG, ordertype: 'stop-loss', price: '-2%' });
    expect(guard.check(offset).violations).toEqual([
      expect.objectContaining({ rule: 'intent', code: 'EGeneral:Invalid arguments:price', field: 'price' }),
    ]);
    const trailing = parseOrder({ ...LONG, ordertype: 'trailing-stop', price: '+50' });
    expect(guard.check(trailing).allowed).toBe(true);
  });
});
