import { resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { dotted, hiddenNameNote, nameForMessage, undotted, withPlace } from '@krakenkit/core/config';
import { createGuard, type GuardConfig, loadGuardConfig } from '@krakenkit/guard';
import type { ConfigSource } from './load.js';
import type { GuardSection } from './schema.js';

/**
 * What the runner turns on when the bot file says nothing: a price band of ±10% around the reference price (limit
 * prices and market orders' expected price) and a per-order notional cap of 25% of account equity. Each is set
 * (or turned off with `false`) under `guard.rules.sanity`.
 */
export const RUNNER_GUARD_DEFAULTS = { priceBandBps: 1000, maxOrderEquityPercent: 25 } as const;

/** A bot entry as written, for its `limits:` (the guard's `lossLimits.bots.<name>`). */
export interface BotLimitsEntry {
  index: number;
  name: string;
  limits: unknown;
}

/**
 * The guard's rules for this bot file: the guard YAML named by `guard.file` (the guard's own loader, its errors
 * located in that file), then `guard.rules` on top, with `tier` from `account.tier`, each bot's `limits:` as the
 * guard's `lossLimits.bots.<name>`, and {@link RUNNER_GUARD_DEFAULTS} where the file sets nothing. Validated by the
 * guard itself (createGuard), so the rules schema exists once, in @krakenkit/guard; its errors are placed in this
 * file (a bot's limits at `bots[i].limits`).
 */
export function resolveGuardRules(
  guard: GuardSection,
  tier: GuardConfig['tier'],
  baseDir: string,
  main: ConfigSource,
  issues: ConfigIssue[],
  bots: readonly BotLimitsEntry[] = [],
): GuardConfig | undefined {
  // A name in the path is shown only when it is a plausible name (a pasted secret is not).
  const shown = (parts: readonly PropertyKey[]) =>
    dotted(parts.map((part) => (typeof part === 'string' ? (hiddenNameNote(part) ?? part) : part)));
  const here = (path: readonly PropertyKey[], message: string, key?: string) =>
    withPlace(
      { path: shown(key === undefined ? path : [...path, key]), message },
      main.file,
      main.locate?.(path, key),
    );
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
  const merged = { ...base, ...inline } as Partial<GuardConfig>;
  const fromBots = botLossLimits(merged, 'lossLimits' in inline, bots, here, issues);
  const rules = withDefaults({ ...merged, ...fromBots.rules, tier } as GuardConfig);
  try {
    createGuard(rules);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      issues.push(here(['guard'], (error as Error).message));
      return undefined;
    }
    for (const issue of error.issues) issues.push(placeIssue(issue, inline, fromBots.owners, main, here));
    return undefined;
  }
  return rules;
}

// The runner's fat-finger defaults fill what the file left unset; `false` there means off.
function withDefaults(rules: GuardConfig): GuardConfig {
  const sanity: unknown = rules.sanity ?? {};
  if (typeof sanity !== 'object' || sanity === null || Array.isArray(sanity)) return rules;
  return { ...rules, sanity: { ...RUNNER_GUARD_DEFAULTS, ...stripUndefined(sanity) } };
}

function stripUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

type Here = (path: readonly PropertyKey[], message: string, key?: string) => ConfigIssue;

/**
 * The bots' `limits:` merged into `lossLimits.bots`, and which bot entry each came from (to place their errors).
 * A limit set both on the bot and in `lossLimits.bots`, or in `lossLimits.bots` for a bot the file does not
 * declare, is an error: the first would be ambiguous, the second would silently never apply.
 */
function botLossLimits(
  rules: Partial<GuardConfig>,
  inlineLossLimits: boolean,
  bots: readonly BotLimitsEntry[],
  here: Here,
  issues: ConfigIssue[],
): { rules: Partial<GuardConfig>; owners: ReadonlyMap<string, number> } {
  const lossLimits: unknown = rules.lossLimits;
  const declared = lossLimits !== null && typeof lossLimits === 'object' ? lossLimits : undefined;
  const listed: unknown = (declared as { bots?: unknown } | undefined)?.bots;
  const named = listed !== null && typeof listed === 'object' && !Array.isArray(listed) ? listed : {};
  const names = bots.map((bot) => bot.name);
  for (const name of Object.keys(named)) {
    if (names.includes(name)) continue;
    const message = `no bot named ${nameForMessage(name)} (bots: ${names.map((bot) => nameForMessage(bot).replace(/^"|"$/g, '')).join(', ')}): a limit for a bot that does not exist would never apply`;
    issues.push(
      inlineLossLimits
        ? here(['guard', 'rules', 'lossLimits', 'bots'], message, name)
        : here(['guard', 'file'], `lossLimits.bots.${hiddenNameNote(name) ?? name}: ${message}`),
    );
  }
  const owners = new Map<string, number>();
  const fromBots: Record<string, unknown> = {};
  for (const bot of bots) {
    if (bot.limits === undefined) continue;
    if (bot.name in named) {
      issues.push(
        here(
          ['bots', bot.index],
          `limits are also set in lossLimits.bots.${bot.name}: set them in one place`,
          'limits',
        ),
      );
      continue;
    }
    fromBots[bot.name] = bot.limits;
    owners.set(bot.name, bot.index);
  }
  if (owners.size === 0) return { rules: {}, owners };
  return {
    rules: {
      lossLimits: { ...(declared ?? {}), bots: { ...named, ...fromBots } } as GuardConfig['lossLimits'],
    },
    owners,
  };
}

// A guard issue placed where its value was written: a bot's limits, guard.rules, or the guard file.
function placeIssue(
  issue: ConfigIssue,
  inline: Record<string, unknown>,
  owners: ReadonlyMap<string, number>,
  main: ConfigSource,
  here: Here,
): ConfigIssue {
  const unknownKey = issue.message.startsWith('unknown key');
  // Bot names may hold dots: match them whole, longest first.
  for (const name of [...owners.keys()].sort((a, b) => b.length - a.length)) {
    const prefix = `lossLimits.bots.${name}`;
    if (issue.path !== prefix && !issue.path.startsWith(`${prefix}.`)) continue;
    const rest = issue.path === prefix ? [] : undotted(issue.path.slice(prefix.length + 1));
    const path = ['bots', owners.get(name) ?? 0, 'limits', ...rest];
    const last = path[path.length - 1];
    const place =
      unknownKey && typeof last === 'string' ? main.locate?.(path.slice(0, -1), last) : main.locate?.(path);
    return withPlace({ path: dotted(path), message: issue.message }, main.file, place);
  }
  const path = undotted(issue.path);
  const fromInline = typeof path[0] === 'string' && path[0] in inline;
  if (!fromInline) return here(['guard', 'file'], `${issue.path}: ${issue.message}`);
  const full = ['guard', 'rules', ...path];
  const last = full[full.length - 1];
  // An unknown key is placed at the key itself, not at its value.
  const place =
    unknownKey && typeof last === 'string' ? main.locate?.(full.slice(0, -1), last) : main.locate?.(full);
  return withPlace({ path: `guard.rules.${issue.path}`, message: issue.message }, main.file, place);
}
