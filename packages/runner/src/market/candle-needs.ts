import type { CandleBook, CandleNeeds } from '../candles/candle-book.js';
import type { BotConfig, BotSpec } from '../config/load.js';
import type { StrategyRegistry } from '../strategies/registry.js';
import type { PairInfo } from '../strategies/types.js';
import type { LiveCandles } from './live-candles.js';

/**
 * The candle series a bot reads on each of its pairs: what its strategy declares from its params
 * (`StrategyDefinition.candles`), and what its own `candles:` key in the bot file asks for. Each is declared on its
 * own, so a series both name keeps the larger `keep`.
 */
export function botCandleNeeds(
  bot: Pick<BotSpec, 'strategy' | 'params' | 'candles'>,
  strategies: StrategyRegistry,
): CandleNeeds[] {
  const needs: CandleNeeds[] = [];
  const fromStrategy = strategies[bot.strategy]?.candles?.(bot.params);
  if (fromStrategy !== undefined) needs.push(fromStrategy);
  if (bot.candles !== undefined) needs.push(bot.candles);
  return needs;
}

/**
 * Declares in the book every series the enabled bots read (see botCandleNeeds), on each of their pairs, and has
 * the live feed follow them.
 */
export function declareBotCandles(
  config: BotConfig,
  botPairs: ReadonlyMap<string, readonly PairInfo[]>,
  book: CandleBook,
  candles: LiveCandles,
): void {
  for (const bot of config.bots) {
    if (!bot.enabled) continue;
    for (const needs of botCandleNeeds(bot, config.strategies))
      for (const pair of botPairs.get(bot.name) ?? []) {
        book.declare(pair.id, needs);
        for (const interval of needs.intervals) candles.follow(pair.id, interval);
      }
  }
}
