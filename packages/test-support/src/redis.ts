/**
 * A Redis for the tests that need one: the URL from `KRAKENKIT_REDIS_URL` (default `redis://127.0.0.1:6379`),
 * probed once per test file. When nothing answers, the suite is skipped with a plain reason that the test
 * runner script prints after its summary; when `CI` is set, a missing Redis fails the file instead (CI must skip
 * nothing). Each call gets its own key prefix, and `cleanup()` deletes every key under it.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

declare module 'vitest' {
  interface TaskMeta {
    /** Why a test was skipped, for `scripts/run-tests.mjs` to print. */
    skipReason?: string;
  }
}

/** What {@link redisForTests} found. */
export interface RedisForTests {
  /** The URL probed. */
  url: string;
  /** Whether it answered PING. */
  available: boolean;
  /** Why the suite is skipped, when it is. */
  skipReason: string | undefined;
  /** A prefix no other test run uses: `krakenkit-test-<pid>-<random>`. */
  keyPrefix: string;
  /** Options for `describe(name, options, body)`: skip with the reason recorded when Redis is not there. */
  suiteOptions: { skip: boolean; meta: { skipReason?: string } };
  /** Deletes every key under `keyPrefix` (no-op when Redis is not there). */
  cleanup(): Promise<void>;
}

/** The default URL when `KRAKENKIT_REDIS_URL` is not set. */
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Probes the test Redis (bounded: a couple of seconds at most) and describes it. */
export async function redisForTests(env: NodeJS.ProcessEnv = process.env): Promise<RedisForTests> {
  const url = env['KRAKENKIT_REDIS_URL'] || DEFAULT_TEST_REDIS_URL;
  const shown = withoutPassword(url);
  const keyPrefix = `krakenkit-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const problem = await probe(url);
  if (problem !== undefined && env['CI'])
    throw new Error(
      `Redis not reachable at ${shown} (${problem}), and CI must skip nothing: start redis-server`,
    );
  const skipReason =
    problem === undefined
      ? undefined
      : `Redis not reachable at ${shown} (set KRAKENKIT_REDIS_URL or start redis-server)`;
  return {
    url,
    available: problem === undefined,
    skipReason,
    keyPrefix,
    suiteOptions: { skip: skipReason !== undefined, meta: skipReason === undefined ? {} : { skipReason } },
    cleanup: () => (problem === undefined ? deleteUnder(url, keyPrefix) : Promise.resolve()),
  };
}

async function probe(url: string): Promise<string | undefined> {
  const client = createClient({ url, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    client.destroy();
  }
}

async function deleteUnder(url: string, prefix: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 }))
      if (keys.length > 0) await client.unlink(keys);
  } finally {
    client.destroy();
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'KRAKENKIT_REDIS_URL (unparseable)';
  }
}
