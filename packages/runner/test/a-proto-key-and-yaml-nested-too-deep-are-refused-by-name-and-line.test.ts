import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/index.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

function issuesOf(yaml: string, cwd?: string): ConfigIssue[] {
  try {
    loadBotConfig(yaml, { file: 'bot.yaml', ...(cwd === undefined ? {} : { cwd }) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

// A bot param holding `levels` mappings inside each other, written as flow mappings on one line.
function nested(levels: number): string {
  const value = `${'{ a: '.repeat(levels)}1${' }'.repeat(levels)}`;
  return paperConfig(GRID_BOT).replace('params: { levels: 2,', `params: { deep: ${value}, levels: 2,`);
}

describe('a __proto__ key and YAML nested too deep are refused by name and line', () => {
  it('validate refuses a top-level __proto__ key like any unknown key (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': `__proto__: { polluted: true }\n${paperConfig(GRID_BOT)}` });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bot\.yaml:1:1: __proto__: unknown key "__proto__"/);
  });

  it('refuses __proto__ at any level, mappings of names (balances) included, at the key itself', () => {
    const yaml = paperConfig(GRID_BOT)
      .replace('balances: { ZUSD', 'balances: { __proto__: "5", ZUSD')
      .replace('  pollInterval: 200ms', '  __proto__: { pollInterval: 0ms }\n  pollInterval: 200ms')
      .replace('params: { levels', 'params: { "__proto__": 1, levels');
    expect(issuesOf(yaml)).toEqual([
      {
        path: 'account.balances.__proto__',
        message: 'unknown key "__proto__"',
        file: 'bot.yaml',
        line: 4,
        column: 15,
      },
      { path: 'run.__proto__', message: 'unknown key "__proto__"', file: 'bot.yaml', line: 10, column: 3 },
      {
        path: 'bots[0].params.__proto__',
        message: 'unknown key "__proto__"',
        file: 'bot.yaml',
        line: 19,
        column: 15,
      },
    ]);
  });

  it('refuses __proto__ in the keys file, named in that file', () => {
    const dir = tempDir({
      'keys.yaml': 'keys:\n  trader:\n    __proto__: {}\n    permissions: [funds_query]\n',
    });
    const yaml = paperConfig(GRID_BOT).replace(/keys:\n {2}trader:\n.*\n.*\n/, 'keysFile: keys.yaml\n');
    expect(issuesOf(yaml, dir)).toContainEqual(
      expect.objectContaining({ path: 'keys.trader.__proto__', message: 'unknown key "__proto__"', line: 3 }),
    );
  });

  it('validate refuses YAML nested deeper than 64 levels with that message and its line (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': nested(5000) });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bot\.yaml:18:\d+: YAML: nested deeper than 64 levels at line 18/);
    expect(io.err()).not.toMatch(/call stack/);
  });

  it('counts every mapping and sequence, block or flow: 64 levels pass the depth check, 65 do not', () => {
    // The file's root, bots, the bot and its params are 4 levels.
    const depthIssue = (yaml: string) =>
      issuesOf(yaml).filter((issue) => issue.message.includes('nested deeper'));
    expect(depthIssue(nested(60))).toEqual([]);
    expect(depthIssue(nested(61))).toEqual([
      expect.objectContaining({ message: 'YAML: nested deeper than 64 levels at line 18', line: 18 }),
    ]);
    let block = 'account:\n';
    for (let level = 1; level <= 70; level += 1) block += `${' '.repeat(level)}k:\n`;
    expect(issuesOf(`${block}${' '.repeat(71)}k: 1\n`)).toEqual([
      expect.objectContaining({ message: 'YAML: nested deeper than 64 levels at line 65', line: 65 }),
    ]);
  });
});
