import { resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { undotted, withPlace } from '@krakenkit/core';
import { createGuard, type GuardConfig, loadGuardConfig } from '@krakenkit/guard';
import type { ConfigSource } from './load.js';
import type { GuardSection } from './schema.js';

/**
 * The guard's rules for this bot file: the guard YAML named by `guard.file` (the guard's own loader, its errors
 * located in that file), then `guard.rules` on top, with `tier` from `account.tier`. Validated by the guard itself
 * (createGuard), so the rules schema exists once, in @krakenkit/guard; its errors are placed in this file.
 */
export function resolveGuardRules(
  guard: GuardSection,
  tier: GuardConfig['tier'],
  baseDir: string,
  main: ConfigSource,
  issues: ConfigIssue[],
): GuardConfig | undefined {
  const here = (path: readonly PropertyKey[], message: string) =>
    withPlace({ path: path.map(String).join('.'), message }, main.file, main.locate?.(path));
  let base: Partial<GuardConfig> = {};
  if (guard.file !== undefined) {
    try {
      base = loadGuardConfig(resolve(baseDir, guard.file));
    } catch (error) {
      issues.push(
        ...(error instanceof ConfigError ? error.issues : [here(['guard', 'file'], String(error))]),
      );
      return undefined;
    }
    if (base.tier !== undefined && base.tier !== tier)
      issues.push(
        here(
          ['guard', 'file'],
          `the guard file sets tier ${base.tier} but account.tier is ${tier}: the tier is set once, in account.tier`,
        ),
      );
  }
  const { tier: inlineTier, ...inline } = guard.rules ?? {};
  if (inlineTier !== undefined)
    issues.push(here(['guard', 'rules', 'tier'], 'the tier is set once, in account.tier'));
  const rules = { ...base, ...inline, tier } as GuardConfig;
  try {
    createGuard(rules);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      issues.push(here(['guard'], (error as Error).message));
      return undefined;
    }
    for (const issue of error.issues) {
      const path = undotted(issue.path);
      const fromInline = typeof path[0] === 'string' && path[0] in inline;
      if (!fromInline) {
        issues.push(here(['guard', 'file'], `${issue.path}: ${issue.message}`));
        continue;
      }
      const full = ['guard', 'rules', ...path];
      const last = full[full.length - 1];
      // An unknown key is placed at the key itself, not at its value.
      const place =
        issue.message.startsWith('unknown key') && typeof last === 'string'
          ? main.locate?.(full.slice(0, -1), last)
          : main.locate?.(full);
      issues.push(withPlace({ path: `guard.rules.${issue.path}`, message: issue.message }, main.file, place));
    }
    return undefined;
  }
  return rules;
}
