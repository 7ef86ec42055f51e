import type { CandleBook } from '../candles/candle-book.js';
import type { BotConfig } from '../config/load.js';
import type { PairInfo } from '../strategies/types.js';
import type { LiveCandles } from './live-candles.js';

/**
 * Declares in the book every series the enabled bots' strategies say they read (`StrategyDefinition.candles`,
 * from each bot's params, on each of its pairs), and has the live feed follow them.
 */
export function declareBotCandles(
  config: BotConfig,
  botPairs: ReadonlyMap<string, readonly PairInfo[]>,
  book: CandleBook,
  candles: LiveCandles,
): void {
  for (const bot of config.bots) {
    if (!bot.enabled) continue;
    const needs = config.strategies[bot.strategy]?.candles?.(bot.params);
    if (needs === undefined) continue;
    for (const pair of botPairs.get(bot.name) ?? []) {
      book.declare(pair.id, needs);
      for (const interval of needs.intervals) candles.follow(pair.id, interval);
    }
  }
}
