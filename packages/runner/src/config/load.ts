import { basename, dirname, extname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import {
  dotted,
  issuesFromZod,
  type Locator as Locate,
  nameForMessage,
  parseYamlSource,
  sortByPlace,
  unknownKeyIssue,
  withPlace,
} from '@krakenkit/core/config';
import { MAX_CONFIG_BYTES, readBoundedFile } from '@krakenkit/core/files';
import type { GuardConfig } from '@krakenkit/guard';
import type { ZodType } from 'zod';
import { checkProtection } from '../engine/protection-checks.js';
import { type StrategyRegistry, withBuiltins } from '../strategies/registry.js';
import type { StrategyDefinition } from '../strategies/types.js';
import { crossCheck } from './cross-check.js';
import { type BotLimitsEntry, resolveGuardRules } from './guard-rules.js';
import {
  accountSchema,
  type BotEntry,
  type BotFile,
  botFileSchema,
  type KeyConfig,
  keysFileSchema,
} from './schema.js';

/** Where part of a config came from, so errors found later (at start-up) can still name file:line:column. */
export interface ConfigSource {
  file: string | undefined;
  locate: Locate | undefined;
}

/** One bot of a validated config: `params` is what its strategy's schema produced. */
export type BotSpec = Omit<BotEntry, 'params'> & { params: unknown };

/** A validated bot config: the file's settings with defaults applied, keys merged, guard rules resolved. */
export interface BotConfig extends Omit<BotFile, 'keys' | 'keysFile' | 'guard' | 'bots'> {
  /** A short name for default file names (the file's stem, or `bot`). */
  name: string;
  /** Directory relative paths in the file are resolved against. */
  baseDir: string;
  keys: Readonly<Record<string, KeyConfig>>;
  /** Guard rules for createGuard: the guard file, then inline rules, with the account's tier. */
  guardRules: GuardConfig;
  /** Bots with their params validated (and defaulted) by their strategy. */
  bots: BotSpec[];
  /** The main file and (when used) the keys file. */
  sources: { main: ConfigSource; keys: ConfigSource };
  /** The strategies the bots were validated against. */
  strategies: StrategyRegistry;
}

/** Options of {@link loadBotConfig}. */
export interface LoadOptions {
  /** Working directory for a relative path (default process.cwd()). */
  cwd?: string;
  /** Name for errors when given YAML text instead of a path. */
  file?: string;
  /** Your own strategies, by the name bots use. */
  strategies?: Readonly<Record<string, StrategyDefinition<unknown>>>;
}

/**
 * Reads and validates a bot config from a YAML file (a path ending in .yaml/.yml) or YAML text. Every problem is
 * collected (YAML syntax, unknown keys, wrong types, money written as a number, inline secrets, strategy params,
 * guard rules, a bot naming an undeclared key) and thrown together as one ConfigError whose issues each carry
 * file:line:column, the field and what was expected. Nothing starts on an invalid file.
 */
export function loadBotConfig(pathOrText: string, options: LoadOptions = {}): BotConfig {
  const isPath = !pathOrText.includes('\n') && /\.ya?ml$/i.test(pathOrText.trim());
  return isPath
    ? loadBotConfigFile(pathOrText.trim(), options)
    : loadBotConfigText(pathOrText, options.file, options);
}

/**
 * Reads and validates the bot config at `path`, whatever its name ends with: the CLI's argument is always a file,
 * never YAML text (`bot.conf` or a directory would otherwise be parsed as a one-word document, naming no file).
 */
export function loadBotConfigFile(path: string, options: LoadOptions = {}): BotConfig {
  const text = readConfigText(resolve(options.cwd ?? process.cwd(), path), path);
  return loadBotConfigText(text, path, options);
}

function loadBotConfigText(text: string, file: string | undefined, options: LoadOptions): BotConfig {
  const cwd = options.cwd ?? process.cwd();
  const source = parseYamlSource(text, file);
  if (source.issues.length > 0) throw new ConfigError(source.issues);
  const baseDir = file === undefined ? cwd : dirname(resolve(cwd, file));
  return validateConfig(source.value, {
    main: { file, locate: source.locate },
    baseDir,
    name: file === undefined ? 'bot' : basename(file, extname(file)),
    strategies: withBuiltins(options.strategies),
  });
}

/** Validates a config built in code (same rules as a file, without line numbers). */
export function defineBotConfig(
  config: unknown,
  options: { cwd?: string; name?: string; strategies?: LoadOptions['strategies'] } = {},
): BotConfig {
  return validateConfig(config, {
    main: { file: undefined, locate: undefined },
    baseDir: options.cwd ?? process.cwd(),
    name: options.name ?? 'bot',
    strategies: withBuiltins(options.strategies),
  });
}

interface ValidateContext {
  main: ConfigSource;
  baseDir: string;
  name: string;
  strategies: StrategyRegistry;
}

function validateConfig(value: unknown, context: ValidateContext): BotConfig {
  const { main } = context;
  const issues: ConfigIssue[] = [];
  const data = parseSections(value, main, issues);
  const params = validateStrategyParams(value, context, issues);
  const keysFile = loadKeysFile(data.keysFile, context, issues);
  const keys = mergeKeys(data.keys, keysFile, main, issues);
  const sources = { main, keys: keysFile?.source ?? main };
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  crossCheck(
    {
      parsed: data,
      rawBots: Array.isArray(raw['bots']) ? raw['bots'] : [],
      declaredKeys: new Set([...Object.keys(keysFile?.keys ?? {}), ...namesOf(raw['keys'])]),
      keys,
    },
    sources,
    issues,
  );
  checkProtection(
    {
      parsed: data,
      rawBots: Array.isArray(raw['bots']) ? raw['bots'] : [],
      params,
      strategies: context.strategies,
    },
    main,
    issues,
  );
  const tier = data.account?.tier ?? tierOf(raw['account']);
  const guardRules =
    data.guard === undefined || tier === undefined
      ? undefined
      : resolveGuardRules(data.guard, tier, context.baseDir, main, issues, botLimits(raw['bots']));
  const { exchange, account, run, bots } = data;
  if (issues.length > 0 || guardRules === undefined || !exchange || !account || !run || !bots)
    throw new ConfigError(sortByPlace(issues));
  return {
    exchange,
    account,
    run,
    name: context.name,
    baseDir: context.baseDir,
    keys,
    guardRules,
    bots: bots.map((bot, index) => ({ ...bot, params: params[index] ?? bot.params })),
    sources,
    strategies: context.strategies,
  };
}

// Each bot's `limits:` as written, with its name and place (validated by the guard, errors placed on the bot).
function botLimits(rawBots: unknown): BotLimitsEntry[] {
  if (!Array.isArray(rawBots)) return [];
  return rawBots.flatMap((raw: unknown, index) => {
    const { name, limits } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      name?: unknown;
      limits?: unknown;
    };
    // Not a mapping: the bot schema says so already.
    const mapping = typeof limits === 'object' && limits !== null && !Array.isArray(limits);
    return typeof name === 'string' ? [{ index, name, limits: mapping ? limits : undefined }] : [];
  });
}

function namesOf(section: unknown): string[] {
  return typeof section === 'object' && section !== null && !Array.isArray(section)
    ? Object.keys(section)
    : [];
}

// The guard's rules are checked against the tier even when another account field is wrong.
function tierOf(account: unknown): GuardConfig['tier'] | undefined {
  const tier = (account as { tier?: unknown } | null)?.tier;
  const parsed = accountSchema.shape.tier.safeParse(tier);
  return parsed.success ? parsed.data : undefined;
}

// Each top-level section is validated on its own, so one broken section never hides another's errors.
function parseSections(value: unknown, source: ConfigSource, issues: ConfigIssue[]): Partial<BotFile> {
  const { file, locate } = source;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = 'expected a mapping with exchange, account, keys, guard, run and bots';
    issues.push(withPlace({ path: '', message }, file, locate?.([])));
    return {};
  }
  const raw = value as Record<string, unknown>;
  const shape: Record<string, ZodType> = botFileSchema.shape;
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const result = schema.safeParse(raw[name], { reportInput: true });
    if (result.success) out[name] = result.data;
    else issues.push(...issuesFromZod(result.error.issues, file, locate, [name]));
  }
  // Own keys only: `'__proto__' in shape` is true for every object, so `in` let that key through unreported.
  for (const key of Object.keys(raw))
    if (!Object.hasOwn(shape, key)) issues.push(unknownKeyIssue([], key, file, locate));
  return out as Partial<BotFile>;
}

// Runs even when the rest of the file is invalid, so strategy param errors are reported in the same pass.
function validateStrategyParams(value: unknown, context: ValidateContext, issues: ConfigIssue[]): unknown[] {
  const rawBots = (value as { bots?: unknown } | null)?.bots;
  if (!Array.isArray(rawBots)) return [];
  const { file, locate } = context.main;
  return rawBots.map((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { strategy, params } = raw as { strategy?: unknown; params?: unknown };
    if (typeof strategy !== 'string') return undefined;
    const definition = context.strategies[strategy];
    if (definition === undefined) {
      const names = Object.keys(context.strategies).join(', ');
      const path = ['bots', index, 'strategy'];
      issues.push(
        withPlace(
          {
            path: `bots[${index}].strategy`,
            message: `unknown strategy ${nameForMessage(strategy)} (known: ${names})`,
          },
          file,
          locate?.(path),
        ),
      );
      return undefined;
    }
    const result = definition.params.safeParse(params ?? {}, { reportInput: true });
    if (result.success) return result.data;
    issues.push(...issuesFromZod(result.error.issues as never, file, locate, ['bots', index, 'params']));
    return undefined;
  });
}

interface LoadedKeys {
  keys: Record<string, KeyConfig>;
  source: ConfigSource;
}

function loadKeysFile(path: string | undefined, context: ValidateContext, issues: ConfigIssue[]) {
  if (path === undefined) return undefined;
  const absolute = resolve(context.baseDir, path);
  let text: string;
  try {
    text = readBoundedFile(absolute, MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    const place = context.main.locate?.(['keysFile']);
    issues.push(
      withPlace(
        { path: 'keysFile', message: `cannot read ${path}: ${(error as Error).message}` },
        context.main.file,
        place,
      ),
    );
    return undefined;
  }
  const source = parseYamlSource(text, absolute);
  if (source.issues.length > 0) {
    issues.push(...source.issues);
    return undefined;
  }
  const parsed = keysFileSchema.safeParse(source.value ?? {}, { reportInput: true });
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error.issues, absolute, source.locate));
    return undefined;
  }
  return { keys: parsed.data.keys, source: { file: absolute, locate: source.locate } } satisfies LoadedKeys;
}

function mergeKeys(
  inline: Record<string, KeyConfig> | undefined,
  fromFile: LoadedKeys | undefined,
  main: ConfigSource,
  issues: ConfigIssue[],
): Record<string, KeyConfig> {
  const keys: Record<string, KeyConfig> = { ...fromFile?.keys };
  for (const [name, key] of Object.entries(inline ?? {})) {
    if (name in keys) {
      const message = `key ${nameForMessage(name)} is declared both here and in keysFile`;
      issues.push(withPlace({ path: `keys.${name}`, message }, main.file, main.locate?.(['keys'], name)));
    }
    keys[name] = key;
  }
  return keys;
}

/**
 * The text of a config file (a bot or keys file), refused as a ConfigError naming it when it cannot be read, is
 * not a regular file (a FIFO would block for ever, /dev/zero never ends) or holds more than MAX_CONFIG_BYTES.
 */
export function readConfigText(absolute: string, shownAs: string): string {
  try {
    return readBoundedFile(absolute, MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    throw new ConfigError(
      [{ path: '', file: shownAs, message: `cannot read: ${(error as Error).message}` }],
      {
        cause: error,
      },
    );
  }
}

/** An issue about `path` of the config, placed in the file it came from (keys may come from the keys file). */
export function issueAt(
  config: Pick<BotConfig, 'sources'>,
  path: readonly PropertyKey[],
  message: string,
): ConfigIssue {
  const source = path[0] === 'keys' ? config.sources.keys : config.sources.main;
  const last = path[path.length - 1];
  const place =
    typeof last === 'string' && path.length > 1
      ? (source.locate?.(path) ?? source.locate?.(path.slice(0, -1), last))
      : source.locate?.(path);
  return withPlace({ path: dotted(path), message }, source.file, place);
}
