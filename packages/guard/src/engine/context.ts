import type { PairIndex } from '@krakenkit/core';
import type { CompiledRules } from '../config/compile.js';
import type { Dec } from '../decimal.js';
import type { Violation } from '../decision.js';
import type { GuardPair } from '../pairs/pair-info.js';
import type { GuardState } from '../state/guard-state.js';

/** What every rule reads: configuration, pairs, state and the time of the check. Rules never write to it. */
export interface CheckContext {
  readonly rules: CompiledRules;
  readonly pairs: PairIndex<GuardPair>;
  readonly state: GuardState;
  readonly now: number;
  /** The bot the check is made for (`guard.forBot(name)`): its own loss limits apply too. */
  readonly bot?: string | undefined;
  /** The guard was told to judge orders without a seed (`unseeded: 'allow'`): the account is known to be empty. */
  readonly unseededAllowed?: boolean | undefined;
}

/** Where rules put what they find. A rule appends; it never stops the others. */
export type ViolationSink = Violation[];

/** A tracked price that is not older than `referencePriceMaxAgeMs` (when set). Stale counts as missing. */
export function freshPrice(
  ctx: CheckContext,
  entry: { price: Dec; at: number } | undefined,
): Dec | undefined {
  if (entry === undefined) return undefined;
  const maxAge = ctx.rules.sanity.referencePriceMaxAgeMs;
  if (maxAge !== undefined && ctx.now - entry.at > maxAge) return undefined;
  return entry.price;
}
