import { type AssetPairsRaw, ConfigError, type PairIndex, ValidationError } from '@krakenkit/core';
import { issuesFromZod } from '@krakenkit/core/config';
import { type CompiledRules, compileRules } from './config/compile.js';
import { type GuardConfig, guardConfigSchema } from './config/schema.js';
import { buildGuardPairs } from './pairs/pair-index.js';
import type { GuardPair } from './pairs/pair-info.js';

/** How long an in-flight order holds headroom with no answer, unless configured: longer than a request timeout. */
export const DEFAULT_LEASE_MS = 60_000;

/** The lease of an in-flight order: the default, or the option when it is a positive whole number of ms. */
export function leaseMsOf(leaseMs: number | undefined): number {
  const value = leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ValidationError('leaseMs', value, 'a positive whole number of milliseconds');
  return value;
}

/** Validates a guard's rules (errors as ConfigError with paths) and compiles them with the pairs they name. */
export function compileGuard(rules: GuardConfig): { compiled: CompiledRules; pairs: PairIndex<GuardPair> } {
  const parsed = guardConfigSchema.safeParse(rules, { reportInput: true });
  if (!parsed.success) throw new ConfigError(issuesFromZod(parsed.error.issues));
  const compiled = compileRules(parsed.data);
  const assetPairs = parsed.data.assetPairs ?? {};
  const pairs = buildGuardPairs(assetPairs, compiled.pairOverrides, compiled.table);
  rejectUnmatchedOverrides(pairs.unmatched, assetPairs);
  return { compiled, pairs: pairs.index };
}

// With AssetPairs at hand, a `pairs:` entry that names no pair is a mistake that would silently drop its limits.
function rejectUnmatchedOverrides(unmatched: readonly string[], assetPairs: AssetPairsRaw): void {
  if (Object.keys(assetPairs).length === 0) return;
  const issues = unmatched.map((name) => ({
    path: `pairs.${name}`,
    message:
      'names no pair in AssetPairs (by id, altname, wsname or BASE/QUOTE) and defines no base and quote',
  }));
  if (issues.length > 0) throw new ConfigError(issues);
}
