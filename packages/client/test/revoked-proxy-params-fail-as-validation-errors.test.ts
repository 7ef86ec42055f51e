/**
 * Params that cannot even be looked at (a revoked Proxy throws from every operation, `Array.isArray` included)
 * fail as the endpoint's ValidationError like any other unreadable params, never as a raw TypeError.
 */
import { ValidationError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../src/endpoints/index.js';

describe('a revoked Proxy as params', () => {
  it('is refused as a ValidationError naming the endpoint', () => {
    const { proxy, revoke } = Proxy.revocable({ pair: 'XBTUSD' }, {});
    revoke();
    let thrown: unknown;
    try {
      endpoints.addOrder.toWire(proxy as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe('AddOrder params');
  });
});
