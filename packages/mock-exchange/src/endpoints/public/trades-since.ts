import { invalidArgument } from '../../core/rejection.js';

/**
 * Below this a `since` is read as Unix seconds, from here on as nanoseconds. Kraken's Trades page gives `since` as a
 * Unix timestamp (in seconds in its example) while the `last` it answers, meant to be sent back as `since`, counts
 * nanoseconds: 10^12 seconds lie 30,000 years ahead, 10^12 nanoseconds 17 minutes after 1970.
 */
const NANOSECOND_FROM = 1_000_000_000_000n;

/** Trades `since` as epoch nanoseconds: Unix seconds (whole or with a fraction) or the `last` cursor. */
export function tradesSinceNs(text: string | undefined): bigint {
  if (text === undefined) return 0n;
  const match = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (match === null) throw invalidArgument('since');
  const whole = BigInt(match[1]!);
  const fraction = match[2];
  if (fraction === undefined && whole >= NANOSECOND_FROM) return whole;
  if (whole >= NANOSECOND_FROM) throw invalidArgument('since');
  return whole * 1_000_000_000n + BigInt((fraction ?? '').padEnd(9, '0'));
}
