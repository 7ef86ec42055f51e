import { ValidationError } from '@krakenkit/core';
import { createRedisStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';

// The prefix begins every key; the account's braces after it keep an account's keys in one Redis Cluster slot. A
// brace in the prefix would move that hash tag, a space or an empty prefix would mix deployments' keys: refused
// before any connection (nothing listens on port 1, so a connection attempt would fail differently).

describe('createRedisStore', () => {
  it.each([['a{b}'], [''], ['two words'], ['x'.repeat(65)]])(
    'refuses keyPrefix %j with a ValidationError naming it, before connecting',
    async (keyPrefix) => {
      const error = await createRedisStore({
        url: 'redis://127.0.0.1:1',
        keyPrefix,
        connectTimeoutMs: 50,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'keyPrefix' });
    },
  );
});
