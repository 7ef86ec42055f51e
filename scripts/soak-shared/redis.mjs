// Redis for the soak: is it there, and removing the run's keys afterwards. The client is the one @krakenkit/store
// depends on (node-redis), loaded from that package so the repository root needs no dependency of its own.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const storeRequire = createRequire(new URL('../../packages/store/package.json', import.meta.url));

/** A URL safe to print: the password (if any) replaced. */
export function printable(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** Undefined when Redis answers PING at `url`, else why not (for the skip message). */
export async function redisProblem(url) {
  let client;
  try {
    const { createClient } = storeRequire('redis');
    client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return `Redis not reachable at ${printable(url)} (${error.code ?? error.message})`;
  } finally {
    await client?.close?.().catch(() => {});
  }
}

/** The store's name for the account of `apiKey` (the same digest as accountIdOf in @krakenkit/core/store). */
export function accountIdOf(apiKey) {
  return createHash('sha256').update(`krakenkit:${apiKey}`).digest('hex').slice(0, 16);
}

/** Deletes every key of the run's account (its id is in every key the store writes for it); returns how many. */
export async function deleteAccountKeys(url, apiKey) {
  const { createClient } = storeRequire('redis');
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: `*${accountIdOf(apiKey)}*`, COUNT: 500 })) {
      if (keys.length > 0) deleted += await client.unlink(keys);
    }
    return deleted;
  } finally {
    await client.close();
  }
}
