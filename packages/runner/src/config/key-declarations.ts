import { resolve } from 'node:path';
import { ConfigError } from '@krakenkit/client';
import { issuesFromZod, parseYamlSource } from '@krakenkit/core/config';
import { type LoadOptions, loadBotConfigFile, readConfigText } from './load.js';
import { type KeyConfig, keysFileSchema } from './schema.js';

/** The keys declared by a bot file or a keys-only file, and the bots that use them. */
export interface KeyDeclarations {
  keys: Readonly<Record<string, KeyConfig>>;
  bots: ReadonlyArray<{ name: string; key: string; enabled: boolean }>;
  /** Whether the bots arm the dead man's switch (their keys then need "Cancel & close orders"). */
  deadManSwitch: boolean;
}

/**
 * Reads key declarations for `krakenkit keys audit`: a whole bot file (validated as `run` would) or a file with
 * only `keys:` (such as config/keys.example.yaml). Errors carry file:line:column.
 */
export function loadKeyDeclarations(path: string, options: LoadOptions = {}): KeyDeclarations {
  const cwd = options.cwd ?? process.cwd();
  const source = parseYamlSource(readConfigText(resolve(cwd, path), path), path);
  if (source.issues.length > 0) throw new ConfigError(source.issues);
  const value = source.value;
  if (typeof value === 'object' && value !== null && 'bots' in value) {
    const config = loadBotConfigFile(path, options);
    return { keys: config.keys, bots: config.bots, deadManSwitch: config.run.deadManSwitch !== false };
  }
  const parsed = keysFileSchema.safeParse(value ?? {}, { reportInput: true });
  if (!parsed.success) throw new ConfigError(issuesFromZod(parsed.error.issues, path, source.locate));
  return { keys: parsed.data.keys, bots: [], deadManSwitch: false };
}
