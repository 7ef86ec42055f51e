import { describe, expect, it } from 'vitest';
import { MAX_KEPT_ERRORS } from '../src/engine/bot-runner.js';
import type { Strategy } from '../src/index.js';
import { StrategyHarness } from './support/strategy-harness.js';

// A strategy with a bug throws on every tick: over a year of minute candles that is half a million messages, so a
// bot keeps the latest only and counts the rest.

describe('a strategy that throws on every tick', () => {
  it('is counted every time, its latest messages kept, and the bot goes on', () => {
    let ticks = 0;
    const broken: Strategy = {
      onTick: () => {
        ticks += 1;
        throw new Error(`bug on tick ${ticks}`);
      },
    };
    const harness = new StrategyHarness(broken);
    const total = MAX_KEPT_ERRORS + 50;
    for (let i = 0; i < total; i += 1) expect(harness.tick('100')).toEqual([]);
    expect(harness.bot.errorCount).toBe(total);
    expect(harness.bot.errors).toHaveLength(MAX_KEPT_ERRORS);
    expect(harness.bot.errors.at(0)).toBe('bug on tick 51');
    expect(harness.bot.errors.at(-1)).toBe(`bug on tick ${total}`);
  });
});
