/**
 * The next nonce: microseconds of the store's clock, or one above the last issued when the clock has not moved
 * past it (several calls in one microsecond, a clock stepped back). Never more than that ahead of the clock, so
 * crashes and restarts never push the floor away from it.
 */
export function nextNonce(last: bigint | undefined, nowMs: number): bigint {
  const clock = BigInt(Math.floor(nowMs * 1000));
  return last === undefined || clock > last ? clock : last + 1n;
}
