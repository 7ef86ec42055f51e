import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@krakenkit/core';
import { openStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'krakenkit-open-store-'));
const redis = await redisForTests();
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await redis.cleanup();
});

describe('openStore', () => {
  it('opens the memory store, a directory (a path or a file: URL), each of the right kind', async () => {
    expect((await openStore('memory')).kind).toBe('memory');
    const byPath = await openStore(join(root, 'a'));
    expect([byPath.kind, byPath.location]).toEqual(['file', join(root, 'a')]);
    const byUrl = await openStore(pathToFileURL(join(root, 'b')).href);
    expect([byUrl.kind, byUrl.location]).toEqual(['file', join(root, 'b')]);
    const relative = await openStore('state', { cwd: root });
    expect(relative.location).toBe(join(root, 'state'));
  });

  it('refuses an empty spec or an unknown scheme with a ConfigError that names it', async () => {
    await expect(openStore('')).rejects.toBeInstanceOf(ConfigError);
    const error = await openStore('postgres://user:pw@db/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('postgres://');
    expect((error as Error).message).not.toContain('pw');
  });

  it('refuses a Redis URL it cannot parse without printing it (it may hold a password)', async () => {
    const error = await openStore('redis://:s3cret@[bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('refuses a keyPrefix in a Redis URL that is not a plain name, without printing the password', async () => {
    const error = await openStore('redis://:s3cret@127.0.0.1:1/?keyPrefix=a%20b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('keyPrefix "a b"');
    expect((error as Error).message).not.toContain('s3cret');
  });

  describe('on Redis', redis.suiteOptions, () => {
    it('takes the key prefix from the URL, so one spec names the namespace', async () => {
      const url = new URL(redis.url);
      url.searchParams.set('keyPrefix', redis.keyPrefix);
      const fromSpec = await openStore(url.href);
      const withOption = await openStore(redis.url, { keyPrefix: redis.keyPrefix });
      try {
        await fromSpec.putRecord('acct', 'prefixed', 'yes');
        expect(await withOption.getRecord('acct', 'prefixed')).toBe('yes');
        expect(fromSpec.location).not.toContain('keyPrefix');
      } finally {
        await fromSpec.close();
        await withOption.close();
      }
    });

    it('opens a Redis store whose location has no password', async () => {
      const url = new URL(redis.url);
      const store = await openStore(url.href, { keyPrefix: redis.keyPrefix });
      try {
        expect(store.kind).toBe('redis');
        await store.putRecord('acct', 'k', 'v');
        expect(await store.getRecord('acct', 'k')).toBe('v');
        expect(store.location).not.toMatch(/:[^/@]*@/);
      } finally {
        await store.close();
      }
    });
  });
});
