import { createHash } from 'node:crypto';

const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/**
 * A file name for any name the caller chose (an account, a stream, a record key): the name itself when it is
 * short and plain, else `~` and its SHA-256 (no path separators, no `..`, no length limit to hit). The file
 * holds the name too, so a listing reads it back from there.
 */
export function fileNameOf(name: string): string {
  return PLAIN.test(name) ? name : `~${createHash('sha256').update(name, 'utf8').digest('hex')}`;
}

/** Whether {@link fileNameOf} kept the name as it is (then a listing can filter on the file name alone). */
export function isPlainFileName(fileName: string): boolean {
  return !fileName.startsWith('~');
}
