import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import { paperConfig } from './support/configs.js';

const NO_SWITCH = 'deadManSwitch: false';
const trend = (protect: string, params = '') => `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2${params} }
    protect: ${protect}
`;

function issuesOf(yaml: string): readonly ConfigIssue[] {
  try {
    loadBotConfig(yaml, { file: 'bot.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const withoutSwitch = (bots: string) =>
  paperConfig(bots).replace('deadManSwitch: { timeout: 60s, refresh: 20s }', NO_SWITCH);

describe('protect: in the bot file', () => {
  it('parses percentages and quoted price distances into decimals', () => {
    const config = loadBotConfig(withoutSwitch(trend('{ stopLoss: 1.5%, takeProfit: "250.5" }')), {
      file: 'bot.yaml',
    });
    expect(config.bots[0]?.protect).toEqual({
      stopLoss: { percent: new Decimal('1.5') },
      takeProfit: { distance: new Decimal('250.5') },
    });
  });

  it('refuses bad offsets, both stops at once and unknown keys, each at its file:line:column', () => {
    const yaml = withoutSwitch(
      `${trend('{ stopLoss: 0%, takeProfit: 4 }')}${trend('{ stopLoss: 120%, trailingStop: 1% }').replace('name: trend', 'name: two')}${trend('{ stoploss: 2% }').replace('name: trend', 'name: three')}`,
    );
    const issues = issuesOf(yaml);
    const at = (path: string) => issues.filter((issue) => issue.path === path);
    expect(at('bots[0].protect.stopLoss')[0]).toMatchObject({
      file: 'bot.yaml',
      line: 19,
      message: 'expected an offset above zero',
    });
    expect(at('bots[0].protect.takeProfit')[0]?.message).toMatch(/quoted/);
    expect(at('bots[1].protect.stopLoss')[0]?.message).toBe('expected a percentage below 100%');
    expect(at('bots[2].protect.stoploss')[0]?.message).toBe('unknown key "stoploss"');
    expect(issues.every((issue) => issue.line !== undefined && issue.column !== undefined)).toBe(true);
    const both = issuesOf(withoutSwitch(trend('{ stopLoss: 2%, trailingStop: 1% }')));
    expect(both[0]?.message).toBe(
      'give stopLoss or trailingStop, not both (Kraken attaches one conditional close to an entry)',
    );
  });

  it('refuses protection next to the dead man’s switch, which would cancel the stops when the process dies', () => {
    const issues = issuesOf(paperConfig(trend('{ stopLoss: 2% }')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'bot.yaml', path: 'run.deadManSwitch', line: 11, column: 18 });
    expect(issues[0]?.message).toMatch(
      /^bot\(s\) "trend" keep stops on the exchange \(protect\), and the dead man's switch cancels every order of the key when it fires, the stops included: set run.deadManSwitch: false/,
    );
  });

  it('refuses protection on a strategy that attaches none, and the same stop given twice', () => {
    const grid = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
    protect: { stopLoss: 2% }
`;
    expect(issuesOf(withoutSwitch(grid))[0]?.message).toBe(
      'strategy "grid" opens no position to protect: it does not attach protect (strategies that do: dca, ema-cross, margin-trend)',
    );
    expect(issuesOf(withoutSwitch(trend('{ stopLoss: 2% }', ', stopLossBps: 150')))[0]).toMatchObject({
      path: 'bots[0].protect',
      message:
        'give the stop once: params.stopLossBps (kept by the process) or protect (on the exchange), not both',
    });
  });
});
