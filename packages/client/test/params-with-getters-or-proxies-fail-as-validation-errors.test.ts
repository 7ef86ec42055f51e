import { describe, expect, it } from 'vitest';
import { endpoints } from '../src/endpoints/index.js';
import { ValidationError } from '../src/errors/index.js';

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000', volume: '0.01' };

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('params that fight back', () => {
  it('refuses a getter without calling it, naming the field', () => {
    let calls = 0;
    const params: Record<string, unknown> = { ...ORDER };
    Object.defineProperty(params, 'volume', {
      enumerable: true,
      get() {
        calls += 1;
        throw new Error('boom');
      },
    });
    const error = refusal(() => endpoints.addOrder.toWire(params as never));
    expect(error.field).toBe('AddOrder.volume');
    expect(calls).toBe(0);
  });

  it('still accepts plain data objects, null-prototype ones included', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, ORDER);
    expect(endpoints.addOrder.toWire(bare as never)).toMatchObject({ volume: '0.01', price: '30000' });
  });

  it('turns a Proxy whose traps throw into a ValidationError, even when describing it', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('ownKeys');
        },
        get: () => {
          throw new Error('get');
        },
      },
    );
    expect(refusal(() => endpoints.addOrder.toWire(hostile as never)).field).toBe('AddOrder params');
    const oddProto = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('proto');
        },
      },
    );
    expect(refusal(() => endpoints.cancelOrder.toWire(oddProto as never)).field).toBe('CancelOrder params');
    // As a field value: the converter's own reads throw; the field is still named.
    const error = refusal(() => endpoints.addOrder.toWire({ ...ORDER, oflags: hostile } as never));
    expect(error.field).toBe('AddOrder.oflags');
  });

  it('names the field when an array element has a throwing getter', () => {
    const flags: unknown[] = ['post'];
    Object.defineProperty(flags, 1, {
      enumerable: true,
      get() {
        throw new Error('element');
      },
    });
    const error = refusal(() => endpoints.cancelOrderBatch.toWire({ orders: flags } as never));
    expect(error.field).toMatch(/^CancelOrderBatch\.orders/);
  });
});
