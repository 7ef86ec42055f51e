import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@krakenkit/core';
import { createFileStore } from '@krakenkit/store';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'krakenkit-private-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function walk(path: string): string[] {
  const out = [path];
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) out.push(...walk(join(path, name)));
  return out;
}

describe('the file store’s permissions', () => {
  it('creates directories 0700 and files 0600 even under umask 000', async () => {
    const previous = process.umask(0o000);
    try {
      const dir = join(root, 'open-umask', 'state');
      const store = await createFileStore({ dir });
      const begun = await store.beginCall('acct', { window: 0, leaseMs: 1000 });
      if (begun.granted) await store.endCall('acct', begun.nonce);
      await store.charge('acct', { counter: 'rest', cost: 1, max: 10, decayPerSecond: 1 });
      await store.commit('acct', { stream: 'guard', expectedSeq: 0, entries: ['e'] });
      await store.compactJournal('acct', 'guard', 1, 'state');
      await store.commit('acct', { stream: 'guard', expectedSeq: 1, entries: ['f'] });
      await store.acquireLease('acct', 'bot:a', 'me', 1000);
      await store.putRecord('acct', 'order/1', '{}');
      await store.close();
      const paths = walk(dir);
      expect(paths.length).toBeGreaterThanOrEqual(10); // root, account, 3 state files, 2 dirs, journal, snapshot, record
      for (const path of paths) {
        const info = statSync(path);
        expect([path, (info.mode & 0o777).toString(8)]).toEqual([path, info.isDirectory() ? '700' : '600']);
      }
    } finally {
      process.umask(previous);
    }
  });

  it('refuses an existing state directory other users can open, and says how to fix it', async () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const error = await createFileStore({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/open to other users \(mode 755\).*chmod 700/);
    chmodSync(dir, 0o700);
    await expect(createFileStore({ dir })).resolves.toMatchObject({ kind: 'file', location: dir });
  });
});
