import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { defineBotConfig, loadBotConfig } from '../src/config/load.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { tempDir } from './support/memory-io.js';

function issuesOf(load: () => unknown): ConfigIssue[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

function find(issues: readonly ConfigIssue[], path: string): ConfigIssue {
  const issue = issues.find((candidate) => candidate.path === path);
  if (issue === undefined)
    throw new Error(`no issue at ${path}; got ${issues.map((i) => i.path).join(', ')}`);
  return issue;
}

const BROKEN = `exchange: { kind: mock }
account:
  tier: intermediate
  balances: { ZUSD: 100000 }
keys:
  trader:
    secret: "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
    permissions: [funds_query, trades_modfy]
guard:
  rules:
    allowances:
      USD: { allowance: 40000 }
    colour: red
run:
  duration: 20
  pollIntervall: 1s
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 3, spacingBps: 10, volume: 0.01, extra: true }
  - name: grid
    key: nobody
    strategy: gird
    pairs: []
`;

describe('a bot config is validated with every error named by file:line:column', () => {
  it('collects every problem of a broken file at once, each with its place, field and expectation', () => {
    const dir = tempDir({ 'broken.yaml': BROKEN });
    const issues = issuesOf(() => loadBotConfig('broken.yaml', { cwd: dir }));
    expect(issues.length).toBeGreaterThanOrEqual(12);
    for (const issue of issues) {
      expect(issue.file).toBe('broken.yaml');
      expect(issue.line).toBeGreaterThan(0);
      expect(issue.column).toBeGreaterThan(0);
    }
    expect(find(issues, 'account.balances.ZUSD')).toMatchObject({ line: 4, column: 21 });
    expect(find(issues, 'account.balances.ZUSD').message).toMatch(/decimal string, got number 100000/);
    expect(find(issues, 'keys.trader.permissions[1]')).toMatchObject({ line: 8, column: 32 });
    expect(find(issues, 'guard.rules.allowances.USD.allowance').line).toBe(12);
    expect(find(issues, 'run.duration').message).toMatch(/duration such as/);
    expect(find(issues, 'bots[0].params.volume')).toMatchObject({ line: 22 });
    expect(find(issues, 'bots[1].name').message).toMatch(/already named "grid"/);
    expect(find(issues, 'bots[1].key').message).toMatch(/no key named "nobody"/);
    expect(find(issues, 'bots[1].strategy').message).toMatch(
      /unknown strategy "gird" \(known: grid, dca, margin-trend, ema-cross\)/,
    );
    expect(find(issues, 'bots[1].pairs').message).toMatch(/at least one pair/);
    // In reading order.
    const lines = issues.map((issue) => issue.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reports unknown keys at the key itself, at every level', () => {
    const issues = issuesOf(() => loadBotConfig(BROKEN, { file: 'inline.yaml' }));
    expect(find(issues, 'run.pollIntervall')).toMatchObject({ file: 'inline.yaml', line: 16, column: 3 });
    expect(find(issues, 'run.pollIntervall').message).toMatch(/unknown key "pollIntervall"/);
    expect(find(issues, 'guard.rules.colour')).toMatchObject({ line: 13, column: 5 });
    expect(find(issues, 'bots[0].params.extra').message).toMatch(/unknown key "extra"/);
    const top = issuesOf(() => loadBotConfig(paperConfig(GRID_BOT, 'strategy: grid'), { file: 'x.yaml' }));
    expect(find(top, 'strategy')).toMatchObject({ line: expect.any(Number), column: 1 });
  });

  it('refuses an inline secret without ever echoing it', () => {
    const issues = issuesOf(() => loadBotConfig(BROKEN, { file: 'inline.yaml' }));
    const secret = find(issues, 'keys.trader.secret');
    expect(secret).toMatchObject({ line: 7, column: 13 });
    expect(secret.message).toMatch(/inline credentials are refused.*\{ env: NAME \}.*\{ file: path \}/);
    const everything = JSON.stringify(issues);
    expect(everything).not.toContain('kQH5HW');
    expect(everything).not.toContain('XNsu3eow');
  });

  it('locates errors of a keys file in that file, and of a guard file in that file', () => {
    const dir = tempDir({
      'keys.yaml': 'keys:\n  trader:\n    permissions: [funds_query]\n    apiKey: ABCDEF\n',
      'guard.yaml': 'tier: intermediate\nsanity:\n  priceBandBps: "wide"\n',
      'bot.yaml': `${paperConfig(GRID_BOT)}`
        .replace(/keys:\n {2}trader:\n.*\n.*\n/, 'keysFile: keys.yaml\n')
        .replace('run:', 'guard: { file: guard.yaml }\nrun:'),
    });
    const issues = issuesOf(() => loadBotConfig('bot.yaml', { cwd: dir }));
    const apiKey = find(issues, 'keys.trader.apiKey');
    expect(apiKey).toMatchObject({ file: join(dir, 'keys.yaml'), line: 4, column: 13 });
    expect(apiKey.message).toMatch(/inline credentials are refused/);
    const guard = issues.find((issue) => issue.file?.endsWith('guard.yaml'));
    expect(guard).toMatchObject({ path: 'sanity.priceBandBps', line: 3 });
  });

  it('turns a YAML alias bomb or an unresolved alias into a located ConfigError, not a crash', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
    ].join('\n');
    const issues = issuesOf(() => loadBotConfig(bomb, { file: 'bomb.yaml' }));
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'bomb.yaml',
        line: 2,
        message: expect.stringMatching(/^YAML: .*alias/i),
      }),
    ]);
    const unresolved = issuesOf(() => loadBotConfig('exchange: *nowhere\n', { file: 'alias.yaml' }));
    expect(unresolved[0]).toMatchObject({ file: 'alias.yaml', line: 1, column: 11 });
  });

  it('accepts the demo config and fills in defaults', () => {
    const config = loadBotConfig('config/demo-bot.yaml', { cwd: join(import.meta.dirname, '../../..') });
    expect(config.exchange).toMatchObject({ kind: 'mock', port: 0 });
    expect(config.bots.map((bot) => bot.strategy)).toEqual([
      'grid',
      'dca',
      'margin-trend',
      'margin-trend',
      'dca',
    ]);
    expect(config.run).toMatchObject({ duration: 20_000, pollInterval: 1_000, onShutdown: 'cancel' });
    expect(config.guardRules).toMatchObject({
      tier: 'intermediate',
      tierLimits: { intermediate: { maxLeverage: 3 } },
    });
    expect(config.bots[0]?.params).toEqual({ levels: 3, spacingBps: 4, volume: '0.01', postOnly: false });
  });

  it('checks live-trading credentials and mock-only fields for exchange kind kraken', () => {
    const text = paperConfig(GRID_BOT).replace(
      'exchange: { kind: mock, seed: runner-tests }',
      'exchange: { kind: kraken }',
    );
    const issues = issuesOf(() => loadBotConfig(text, { file: 'live.yaml' }));
    expect(issues.filter((issue) => issue.path === 'keys.trader').map((issue) => issue.message)).toEqual([
      expect.stringMatching(/needs apiKey/),
      expect.stringMatching(/needs secret/),
    ]);
    expect(find(issues, 'account.balances').message).toMatch(/mock exchange only/);
  });

  it('validates a config built in code with the same rules, without places', () => {
    const issues = issuesOf(() =>
      defineBotConfig({
        account: { tier: 'pro' },
        keys: {},
        bots: [
          { name: 'b', key: 'k', strategy: 'dca', pairs: ['XBT/USD'], params: { amount: '10', volume: '1' } },
        ],
      }),
    );
    expect(find(issues, 'bots[0].key').line).toBeUndefined();
    expect(find(issues, 'bots[0].params').message).toMatch(/exactly one of amount/);
  });
});
