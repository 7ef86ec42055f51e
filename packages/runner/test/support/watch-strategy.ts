import type { CandleView } from '../../src/candles/candle-series.js';
import type { CandleInterval } from '../../src/candles/intervals.js';
import type { MarketTick, StrategyDefinition } from '../../src/strategies/types.js';

/** What a `watch` bot saw: every tick, and the candle series it reads (once it has read it). */
export interface Watched {
  ticks: MarketTick[];
  candles: CandleView | undefined;
}

/**
 * `watch`: places nothing; records every tick, and (given `interval`) declares and reads the candles of its first
 * pair at that interval, so a test sees what a strategy's view holds.
 */
export function watchStrategy(watched: Watched, interval?: CandleInterval): StrategyDefinition<unknown> {
  return {
    name: 'watch',
    summary: 'records what it is shown, trades nothing',
    params: { safeParse: (value) => ({ success: true, data: value }) },
    ...(interval === undefined ? {} : { candles: () => ({ intervals: [interval], keep: 100 }) }),
    create: () => ({
      onTick(tick, view) {
        watched.ticks.push(tick);
        if (interval !== undefined) watched.candles = view.candles?.(tick.pair.id, interval);
        return [];
      },
    }),
  };
}

/** A `watch` bot entry on the pairs given. */
export function watchBot(pairs: string): string {
  return `  - name: watcher
    key: trader
    strategy: watch
    pairs: [${pairs}]
`;
}
