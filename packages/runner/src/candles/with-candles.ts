import { DOCS } from '../docs-url.js';
import type { PairInfo, Strategy, StrategyAction, StrategyView } from '../strategies/types.js';
import { type CandleBook, CandlesUnavailableError } from './candle-book.js';
import type { CandleView } from './candle-series.js';
import type { CandleInterval } from './intervals.js';

/**
 * The strategy with candles in its view: every callback sees `view.candles(pair, interval)`, the session's series
 * of one of the bot's pairs (by pair id or any of its names). The strategy itself is unchanged; a runner that feeds
 * a CandleBook wraps each bot's strategy with it.
 */
export function withCandles(strategy: Strategy, book: CandleBook, pairs: readonly PairInfo[]): Strategy {
  const ids = new Map<string, string>();
  for (const pair of pairs) for (const name of [pair.id, pair.altname, pair.wsname]) ids.set(name, pair.id);
  const candles = (pair: string, interval: CandleInterval): CandleView => {
    const id = ids.get(pair);
    if (id === undefined)
      throw new CandlesUnavailableError(
        `candles of ${pair}: not a pair of this bot (${[...new Set(ids.values())].join(', ')})`,
      );
    return book.series(id, interval);
  };
  // The runner builds a fresh view for every callback: adding the reader to it costs less than copying it.
  const extend = (view: StrategyView): StrategyView => {
    (view as { candles?: StrategyView['candles'] }).candles = candles;
    return view;
  };
  const wrapped: Strategy = {
    onTick: (tick, view) => strategy.onTick(tick, extend(view)),
    ...(strategy.onStart === undefined
      ? {}
      : { onStart: (view) => call(strategy.onStart, strategy, extend(view)) }),
    ...(strategy.onFill === undefined
      ? {}
      : { onFill: (fill, view) => strategy.onFill?.call(strategy, fill, extend(view)) ?? [] }),
    ...(strategy.onOrderEnded === undefined
      ? {}
      : { onOrderEnded: (ended, view) => strategy.onOrderEnded?.call(strategy, ended, extend(view)) ?? [] }),
    ...(strategy.onStop === undefined
      ? {}
      : { onStop: (view) => call(strategy.onStop, strategy, extend(view)) }),
    ...(strategy.adopt === undefined
      ? {}
      : { adopt: (adoption, view) => strategy.adopt?.call(strategy, adoption, extend(view)) ?? [] }),
    ...(strategy.snapshot === undefined ? {} : { snapshot: () => strategy.snapshot?.call(strategy) }),
  };
  return wrapped;
}

function call(
  callback: ((view: StrategyView) => StrategyAction[]) | undefined,
  self: Strategy,
  view: StrategyView,
): StrategyAction[] {
  return callback?.call(self, view) ?? [];
}

/**
 * The candles of a pair from a strategy's view, or a CandlesUnavailableError saying the runner feeds none (a
 * strategy that needs candles then fails loudly rather than trading on nothing).
 */
export function candlesOf(view: StrategyView, pair: string, interval: CandleInterval): CandleView {
  if (view.candles === undefined)
    throw new CandlesUnavailableError(
      `this runner feeds no candles: run the bot where candles are fed (krakenkit backtest; live feeds: see ${DOCS}/runner.md)`,
    );
  return view.candles(pair, interval);
}
