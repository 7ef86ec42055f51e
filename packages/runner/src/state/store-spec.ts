import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a session keeps the state that must outlive it: `memory` (nothing survives the process), a directory or
 * a `file://` URL (a durable store on this host), or a Redis URL (several hosts). Parsed from `run.store` or
 * `--store`.
 */
export type StoreSpec =
  | { kind: 'memory' }
  | { kind: 'file'; directory: string }
  | { kind: 'redis'; url: string };

const REDIS_SCHEME = /^rediss?:\/\//i;
/** Any `scheme://` prefix: one the runner does not serve must not be read as a relative directory. */
const ANY_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** True for a `redis://` or `rediss://` spec. */
export function isRedisSpec(text: string): boolean {
  return REDIS_SCHEME.test(text.trim());
}

/**
 * Why `text` is not a store spec, in words that never repeat it (a Redis URL may carry a password); undefined for
 * a good one.
 */
export function storeSpecProblem(text: string): string | undefined {
  if (text.trim() === '') return 'expected memory, a directory or a redis:// URL';
  if (text.trim().startsWith('file://'))
    return localFileUrl(text.trim()) ? undefined : 'not a local file:// URL';
  // A typo such as `redsi://` would otherwise become a local directory named `redsi:`, shared with no other host.
  const scheme = ANY_SCHEME.exec(text.trim())?.[1];
  if (scheme !== undefined && !REDIS_SCHEME.test(text.trim()))
    return `unknown scheme ${JSON.stringify(`${scheme.slice(0, 20)}://`)}: expected memory, a directory, file://, redis:// or rediss://`;
  if (!REDIS_SCHEME.test(text))
    return text.includes('\0') ? 'a directory path holds no NUL character' : undefined;
  try {
    const url = new URL(text);
    return url.hostname === '' ? 'the redis URL names no host' : undefined;
  } catch {
    return 'not a valid redis:// URL (it is not shown: it may hold a password)';
  }
}

function localFileUrl(text: string): boolean {
  try {
    fileURLToPath(text);
    return true;
  } catch {
    return false;
  }
}

/** Parses a spec; a directory is resolved against `baseDir` (the config file's directory, or the working one). */
export function parseStoreSpec(text: string, baseDir: string): StoreSpec {
  const trimmed = text.trim();
  if (trimmed === 'memory') return { kind: 'memory' };
  if (REDIS_SCHEME.test(trimmed)) return { kind: 'redis', url: trimmed };
  if (trimmed.startsWith('file://')) return { kind: 'file', directory: fileURLToPath(trimmed) };
  return { kind: 'file', directory: isAbsolute(trimmed) ? trimmed : resolve(baseDir, trimmed) };
}

/** The spec as it may be printed: a Redis URL loses its user name and password. */
export function describeStoreSpec(spec: StoreSpec): string {
  if (spec.kind === 'memory') return 'memory';
  if (spec.kind === 'file') return spec.directory;
  return redactUrl(spec.url);
}

/** A URL without its credentials (`redis://:secret@host:6379/0` → `redis://***@host:6379/0`). */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.username === '' && url.password === '') return url.toString();
    url.username = '';
    url.password = '';
    return url.toString().replace('://', '://***@');
  } catch {
    return 'an invalid URL';
  }
}
