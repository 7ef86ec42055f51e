import { KrakenkitError } from '@krakenkit/client';

/**
 * The exchange error code that should halt the session, if `error` (or anything in its cause chain) carries one
 * of `haltOn` (by default `EAPI:Invalid key` and friends: a revoked or wrong key cannot be traded around).
 */
export function haltingCode(error: unknown, haltOn: readonly string[]): string | undefined {
  const codes = new Set(haltOn);
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (current instanceof KrakenkitError && codes.has(current.code)) return current.code;
    const listed = (current as { errors?: unknown }).errors;
    if (Array.isArray(listed))
      for (const code of listed) if (typeof code === 'string' && codes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short, secret-free description of an error for status lines. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof KrakenkitError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'Error', message: String(error) };
}
