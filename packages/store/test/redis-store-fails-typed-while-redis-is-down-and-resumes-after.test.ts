import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateStore } from '@krakenkit/core/store';
import { StoreUnavailableError } from '@krakenkit/core/store';
import { createRedisStore } from '@krakenkit/store';
import { waitUntil } from '@krakenkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const redisServer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
const serverMissing = redisServer.status !== 0 && !process.env['CI'];
const dir = mkdtempSync(join(tmpdir(), 'krakenkit-redis-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startRedis(port: number): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

describe('the Redis store when Redis is not there', () => {
  it('fails to open on a closed port with StoreUnavailableError, and never shows the password', async () => {
    const port = await freePort();
    const error = await createRedisStore({
      url: `redis://:hunter2@127.0.0.1:${port}`,
      connectTimeoutMs: 1_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('fails calls with StoreUnavailableError while Redis is down, and serves them again once it is back', {
    skip: serverMissing,
    meta: serverMissing ? { skipReason: 'redis-server is not installed' } : {},
  }, async () => {
    const port = await freePort();
    let redis = startRedis(port);
    let store: StateStore | undefined;
    await waitUntil(async () => {
      store = await createRedisStore({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 1_000 }).catch(
        () => undefined,
      );
      return store !== undefined;
    }, 'redis-server to accept connections');
    const opened = store as StateStore;
    try {
      await opened.putRecord('acct', 'k', 'v');
      expect(await opened.getRecord('acct', 'k')).toBe('v');
      redis.child.kill('SIGKILL');
      await redis.exited;
      await expect(opened.getRecord('acct', 'k')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(opened.beginCall('acct', { window: 0, leaseMs: 1000 })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      redis = startRedis(port);
      await waitUntil(
        async () =>
          await opened.getRecord('acct', 'k').then(
            () => true,
            () => false,
          ),
        'the store to reconnect to the restarted Redis',
      );
      expect(await opened.beginCall('acct', { window: 0, leaseMs: 1000 })).toMatchObject({ granted: true });
    } finally {
      await opened.close();
      redis.child.kill('SIGKILL');
      await redis.exited;
    }
  });
});
