import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuardIntent } from '../src/intent.js';
import { testGuard } from './support/guard-factory.js';

// Intents arrive from YAML, JSON and CLIs: whatever shape they have, check() answers (refusing what it cannot
// read) and never throws, so a caller cannot crash its way past the guard.
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('XBTUSD', 'buy', 'sell', 'limit', 'market', '1', '0', '50000', '+5', '5:1', 'none', '1e5'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(Object.create(null) as unknown),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

const intent = fc.record(
  {
    kind: fc.constantFrom(undefined, 'order', 'amend', 'cancel', 'withdraw', 'other'),
    pair: value,
    side: value,
    orderType: value,
    volume: value,
    price: value,
    price2: value,
    leverage: value,
    margin: value,
    reduceOnly: value,
    referencePrice: value,
    orderId: value,
    orderIds: value,
    asset: value,
    key: value,
    amount: value,
    apiKey: fc.oneof(value, fc.record({ name: value, permissions: value })),
  },
  { requiredKeys: [] },
);

describe('check() and reserve() on hostile input', () => {
  it('never throw and refuse what they cannot read', () => {
    const { guard } = testGuard({ withdrawal: { allowedKeys: ['k'] } });
    fc.assert(
      fc.property(intent, (candidate) => {
        const decision = guard.check(candidate as unknown as GuardIntent);
        expect(typeof decision.allowed).toBe('boolean');
        if (decision.allowed) expect(decision.violations).toEqual([]);
        else expect(decision.violations.length).toBeGreaterThan(0);
        expect(guard.reserve(candidate as unknown as GuardIntent).allowed).toBe(decision.allowed);
      }),
      { numRuns: 2000 },
    );
  });
});
