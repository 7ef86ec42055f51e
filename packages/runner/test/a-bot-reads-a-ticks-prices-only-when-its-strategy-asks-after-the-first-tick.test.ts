/**
 * A backtest's ticks make their Decimal prices only when something reads them (most ticks of a year of candles are
 * read by no strategy), so the runner itself must not read them on every tick: it reads the session's first tick's
 * mid once (the price the base it started with is valued at) and after that only what the strategy asks for.
 * Reading every mid doubled the time of a year's backtest.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { BotRunner } from '../src/engine/bot-runner.js';
import type { MarketTick, Strategy } from '../src/strategies/types.js';
import { XBT_USD } from './support/strategy-harness.js';

/** A tick whose prices count how often they are read. */
function countingTick(price: string, at: number, reads: { count: number }): MarketTick {
  const read = () => {
    reads.count += 1;
    return new Decimal(price);
  };
  return {
    pair: XBT_USD,
    at,
    get mid() {
      return read();
    },
    get bid() {
      return read();
    },
    get ask() {
      return read();
    },
    get last() {
      return read();
    },
  };
}

function runner(strategy: Strategy): BotRunner {
  return new BotRunner({
    name: 'counting',
    strategyName: 'test',
    key: 'k',
    pairs: [XBT_USD],
    strategy,
    now: () => 1_700_000_000_000,
  });
}

describe('the prices of a tick', () => {
  it('are read once by the runner on the first tick and never after when the strategy reads none', () => {
    const bot = runner({ onTick: () => [] });
    const reads = { count: 0 };
    bot.tick(countingTick('65000.0', 1, reads));
    expect(reads.count).toBe(1);
    for (let i = 2; i <= 1_000; i += 1) bot.tick(countingTick('65000.0', i, reads));
    expect(reads.count).toBe(1);
  });

  it('are read after the first tick exactly as often as the strategy reads them', () => {
    let strategyReads = 0;
    const bot = runner({
      onTick: (tick) => {
        strategyReads += 1;
        void tick.mid;
        return [];
      },
    });
    const reads = { count: 0 };
    for (let i = 1; i <= 100; i += 1) bot.tick(countingTick('65000.0', i, reads));
    // the strategy's own read of every tick, plus the runner's one read of the first
    expect(strategyReads).toBe(100);
    expect(reads.count).toBe(101);
  });

  it('still value the base a session started with at the first mid it saw', () => {
    const bot = runner({ onTick: () => [] });
    bot.pnl.restore({ XXBTZUSD: { cash: '-6000', base: '0.1', fees: '0', volume: '6000' } });
    bot.pnl.beginSession();
    const reads = { count: 0 };
    bot.tick(countingTick('61000.0', 1, reads));
    bot.tick(countingTick('70000.0', 2, reads));
    // held 0.1 from 61,000 (the first mid seen) to 62,000: 100 of this session's PnL
    expect(bot.pnl.sessionPnl('XXBTZUSD', new Decimal('62000')).toFixed()).toBe('100');
  });
});
