import type { ConfigIssue } from '@krakenkit/client';
import { dotted, nameForMessage, withPlace } from '@krakenkit/core/config';
import type { ConfigSource } from './load.js';
import type { BotFile, KeyConfig } from './schema.js';

const TRADING_USES = new Set(['trading', 'market-making']);

/** What the cross-checks read: parsed sections where they are valid, the raw text's names where they are not. */
export interface CrossCheckInput {
  parsed: Partial<BotFile>;
  /** The `bots:` entries as written (so a bot with another error is still checked here). */
  rawBots: readonly unknown[];
  /** Names of every declared key, valid or not. */
  declaredKeys: ReadonlySet<string>;
  /** Keys that validated. */
  keys: Readonly<Record<string, KeyConfig>>;
}

/**
 * Checks that need more than one part of the file: every bot names a declared trading key, bot names are unique,
 * live trading has credentials for every key a bot uses, mock-only settings are not set for Kraken.
 */
export function crossCheck(
  input: CrossCheckInput,
  sources: { main: ConfigSource; keys: ConfigSource },
  issues: ConfigIssue[],
): void {
  const at = (source: ConfigSource, path: readonly PropertyKey[], message: string, key?: string) =>
    issues.push(
      withPlace(
        { path: dotted(key === undefined ? path : [...path, key]), message },
        source.file,
        source.locate?.(path, key),
      ),
    );
  const seen = new Set<string>();
  const usedKeys = new Set<string>();
  input.rawBots.forEach((raw, index) => {
    const { name, key } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      name?: unknown;
      key?: unknown;
    };
    if (typeof name === 'string') {
      if (seen.has(name))
        at(sources.main, ['bots', index, 'name'], `another bot is already named ${nameForMessage(name)}`);
      seen.add(name);
    }
    if (typeof key !== 'string') return;
    usedKeys.add(key);
    const declared = input.keys[key];
    if (!input.declaredKeys.has(key)) {
      const names = [...input.declaredKeys];
      at(
        sources.main,
        ['bots', index, 'key'],
        `no key named ${nameForMessage(key)} is declared (declared: ${names.length === 0 ? 'none' : names.map(nameForMessage).join(', ')})`,
      );
    } else if (declared !== undefined && !TRADING_USES.has(declared.use)) {
      at(
        sources.main,
        ['bots', index, 'key'],
        `key ${nameForMessage(key)} is declared for use "${declared.use}"; a bot needs a key for trading or market-making`,
      );
    }
  });
  if (input.parsed.exchange?.kind !== 'kraken') return;
  for (const name of usedKeys) {
    const key = input.keys[name];
    for (const field of ['apiKey', 'secret'] as const) {
      if (key !== undefined && key[field] === undefined)
        at(
          sources.keys,
          ['keys', name],
          `exchange kind kraken needs ${field}: { env: NAME } or { file: path }`,
        );
    }
  }
  const account = input.parsed.account;
  if (account?.balances !== undefined)
    at(
      sources.main,
      ['account'],
      'balances are for the mock exchange only (Kraken has the real ones)',
      'balances',
    );
  if (account?.volume30d !== undefined)
    at(sources.main, ['account'], 'volume30d is for the mock exchange only', 'volume30d');
}
