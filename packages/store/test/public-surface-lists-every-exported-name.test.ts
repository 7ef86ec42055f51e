/**
 * The public surface of @krakenkit/store.
 *
 * Every entry the package.json exports, and every name each entry exports (values as the imported module holds
 * them, types as TypeScript sees them), written out so that a change to the public API is a visible diff of this
 * file in review.
 */
import * as root from '@krakenkit/store';
import { type EntrySurface, publicSurface } from '@krakenkit/test-support/public-surface';
import { describe, expect, it } from 'vitest';

const MODULES = { '@krakenkit/store': root };

describe('the public surface of @krakenkit/store', () => {
  it('is exactly the entries and names listed here', () => {
    expect(publicSurface(new URL('..', import.meta.url), MODULES)).toEqual(EXPECTED);
  });
});

const EXPECTED: Record<string, EntrySurface> = {
  '@krakenkit/store': {
    values: [
      'MAX_NAME_BYTES',
      'MAX_SNAPSHOT_BYTES',
      'MAX_VALUE_BYTES',
      'createFileStore',
      'createMemoryStore',
      'createRedisStore',
      'openStore',
    ],
    types: ['FileStoreOptions', 'MemoryStoreOptions', 'OpenStoreOptions', 'RedisStoreOptions'],
  },
};
