import { createHash } from 'node:crypto';
import { LONE_SURROGATE } from '../limits.js';

const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/**
 * A file name for any name the caller chose (an account, a stream, a record key): the name itself when it is
 * short and plain, else `~` and its SHA-256 (no path separators, no `..`, no length limit to hit). The file
 * holds the name too, so a listing reads it back from there.
 */
export function fileNameOf(name: string): string {
  if (PLAIN.test(name)) return name;
  return LONE_SURROGATE.test(name) ? `~~${digestOfIllFormed(name)}` : `~${digestOf(name)}`;
}

/** SHA-256 of a name's UTF-8, in hex. */
export function digestOf(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/**
 * SHA-256 of a name with a lone surrogate (an account name: the names the store is given are refused then). Its
 * UTF-8 would read the surrogate as U+FFFD, so `"a\uD800"` and `"a\uFFFD"` would share one digest: JSON keeps the
 * surrogate as an escape. Callers mark these digests apart (`~~`) so they never meet a UTF-8 one.
 */
export function digestOfIllFormed(name: string): string {
  return createHash('sha256').update(JSON.stringify(name), 'utf8').digest('hex');
}

/** Whether {@link fileNameOf} kept the name as it is (then a listing can filter on the file name alone). */
export function isPlainFileName(fileName: string): boolean {
  return !fileName.startsWith('~');
}
