import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@krakenkit/core';
import type { StateStore } from '@krakenkit/core/store';
import { createFileStore } from './file/file-store.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore, REDIS_KEY_PREFIX, redactedUrl } from './redis/redis-store.js';

/** Options of {@link openStore} that apply to the kind of store the spec names. */
export interface OpenStoreOptions {
  /** Redis: the first part of every key (default `krakenkit`; also `?keyPrefix=` in the URL, which this overrides). */
  keyPrefix?: string;
  /** Redis: how long to wait for a connection (default 5000 ms). */
  connectTimeoutMs?: number;
  /** A relative directory is taken from here (default the working directory). */
  cwd?: string;
}

/**
 * Opens the store a spec names, as written in a config or on a command line: `memory`; a directory path (or a
 * `file:` URL) for the durable store; `redis://…` or `rediss://…` for Redis (`?keyPrefix=name` sets the keys' prefix). A spec that names none of these is a
 * ConfigError naming it (a Redis URL without its password).
 */
export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<StateStore> {
  const text = typeof spec === 'string' ? spec.trim() : '';
  if (text === '') throw storeSpecError('""', 'is empty');
  if (text === 'memory') return createMemoryStore();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') {
    if (!URL.canParse(text)) throw storeSpecError(redactedUrl(text), 'is not a valid Redis URL');
    const { url, keyPrefix } = splitKeyPrefix(text, options.keyPrefix);
    return createRedisStore({
      url,
      ...(keyPrefix === undefined ? {} : { keyPrefix }),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    });
  }
  if (scheme === 'file') {
    let dir: string;
    try {
      dir = fileURLToPath(text);
    } catch (error) {
      throw storeSpecError(JSON.stringify(text), 'is not a local file: URL', error);
    }
    return createFileStore({ dir });
  }
  // One letter before the colon is a Windows drive, not a scheme.
  if (scheme !== undefined && scheme.length > 1 && /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text))
    throw storeSpecError(
      `${scheme}://…`,
      'has an unknown scheme (expected memory, a directory, file://, redis:// or rediss://)',
    );
  return createFileStore({ dir: isAbsolute(text) ? text : resolve(options.cwd ?? process.cwd(), text) });
}

// `redis://host/0?keyPrefix=bots` keeps one spec self-contained (a config line, a CLI flag); the option wins over it.
function splitKeyPrefix(text: string, option: string | undefined): { url: string; keyPrefix?: string } {
  const url = new URL(text);
  const fromSpec = url.searchParams.get('keyPrefix') ?? undefined;
  url.searchParams.delete('keyPrefix');
  const keyPrefix = option ?? fromSpec;
  if (keyPrefix !== undefined && !REDIS_KEY_PREFIX.test(keyPrefix))
    throw storeSpecError(
      redactedUrl(text),
      `has keyPrefix ${JSON.stringify(keyPrefix.slice(0, 80))}: use letters, digits, _ - . or :, at most 64`,
    );
  return keyPrefix === undefined ? { url: url.toString() } : { url: url.toString(), keyPrefix };
}

function storeSpecError(shown: string, problem: string, cause?: unknown): ConfigError {
  return new ConfigError([{ path: 'store', message: `store ${shown} ${problem}` }], { cause });
}
