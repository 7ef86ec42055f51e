import { parseOrder, ValidationError } from '@krakenkit/core';
import { readParams } from '@krakenkit/core/params';
import { describe, expect, it } from 'vitest';

const LIMIT = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1.25', price: '37500' } as const;

/** A Proxy that counts its ownKeys calls and can answer them differently each time. */
function keysProxy(target: object, answers: Array<Array<string | symbol>> = []) {
  const calls = { ownKeys: 0 };
  const proxy = new Proxy(target, {
    ownKeys(t) {
      const answer = answers[calls.ownKeys] ?? Reflect.ownKeys(t);
      calls.ownKeys += 1;
      return answer;
    },
    getOwnPropertyDescriptor(t, key) {
      return (
        Reflect.getOwnPropertyDescriptor(t, key) ?? {
          value: 'smuggled',
          configurable: true,
          enumerable: true,
        }
      );
    },
  });
  return { proxy, calls };
}

describe("readParams lists an object's keys once", () => {
  it('asks for the keys once per validation, and the names checked are the names copied', () => {
    const { proxy, calls } = keysProxy({ ...LIMIT });
    const order = parseOrder(proxy);
    expect(calls.ownKeys).toBe(1);
    expect(order.volume.toFixed()).toBe('1.25');
  });

  it('cannot be shown allowed keys first and a prototype or unknown key to the copy', () => {
    const names = Object.keys(LIMIT);
    for (const smuggled of ['__proto__', 'reduceOnly', 'constructor']) {
      const { proxy } = keysProxy({ ...LIMIT }, [names, [...names, smuggled]]);
      // One listing: the check sees what the copy copies. A second one would let `smuggled` past the check.
      const copy = readParams('AddOrder', proxy, names);
      expect(Object.keys(copy)).toEqual(names);
      const { proxy: hostile } = keysProxy({ ...LIMIT }, [[...names, smuggled]]);
      expect(() => readParams('AddOrder', hostile, names)).toThrow(ValidationError);
    }
  });

  it('still refuses symbol keys, prototype keys, unknown names and getters, in that order of precedence', () => {
    const symbolKeyed = { ...LIMIT, [Symbol('x')]: 1 };
    expect(() => readParams('AddOrder', symbolKeyed, Object.keys(LIMIT))).toThrow(
      /string parameter names only/,
    );
    const withProto = JSON.parse('{"pair":"XBTUSD","__proto__":{"polluted":1}}');
    expect(() => readParams('AddOrder', withProto, ['pair'])).toThrow(/no prototype keys/);
    const getterThenUnknown = Object.defineProperty({ volume: '1' }, 'pair', {
      get: () => 'XBTUSD',
      enumerable: true,
    });
    Object.assign(getterThenUnknown, { reduceOnly: true });
    // The unknown name is reported before the getter, as when the keys were listed twice.
    expect(() => readParams('AddOrder', getterThenUnknown, ['pair', 'volume'])).toThrow(
      /AddOrder\.reduceOnly/,
    );
    expect(() => readParams('AddOrder', getterThenUnknown, ['pair', 'volume', 'reduceOnly'])).toThrow(
      /no getter/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
