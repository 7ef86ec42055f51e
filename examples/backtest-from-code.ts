/**
 * A backtest from code: a strategy of your own that decides on candles and an indicator (the RSI of 5-minute
 * candles), registered under a name, configured like any YAML bot, and replayed over three days of one-minute
 * XBT/USD candles (examples/backtest/XBTUSD_1.csv, Kraken's OHLCVT format) through the guard and the embedded
 * exchange's matching, on a clock that follows the data: no network, no waiting.
 *
 *   node --conditions=@krakenkit/source --import tsx examples/backtest-from-code.ts
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type BacktestResult,
  candlesOf,
  defineBotConfig,
  loadMarketData,
  type MarketTick,
  runBacktest,
  type Strategy,
  type StrategyAction,
  type StrategyDefinition,
  type StrategyView,
  toLot,
} from '@krakenkit/runner';
import { renderBacktest } from '@krakenkit/runner/cli';
import { Decimal } from 'decimal.js';

/** The fixture: three days of one-minute XBT/USD candles, generated (see examples/backtest/README.md). */
export const FIXTURE = fileURLToPath(new URL('./backtest/XBTUSD_1.csv', import.meta.url));

interface RsiDipParams {
  /** Base volume bought on a dip (decimal string). */
  volume: string;
  /** Buy when the RSI of the closed 5-minute candles falls below this, sell what is held once it rises above exit. */
  entry: number;
  exit: number;
}

/** Buys a dip (RSI below `entry`) at market, sells it when the RSI recovers above `exit`. One position at a time. */
class RsiDip implements Strategy {
  #decidedOn: number | undefined;

  constructor(private readonly params: RsiDipParams) {}

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    const candles = candlesOf(view, tick.pair.id, '5m');
    const closed = candles.last;
    // Once per closed candle: the decision is the same live and in a backtest.
    if (closed === undefined || closed.time === this.#decidedOn || view.orders.size > 0) return [];
    this.#decidedOn = closed.time;
    const rsi = candles.rsi(14);
    const held = view.inventory(tick.pair.id);
    if (rsi === undefined) return [];
    if (held.isZero() && rsi < this.params.entry)
      return [this.#market(tick, 'buy', toLot(tick.pair, new Decimal(this.params.volume)), closed.time)];
    if (held.gt(0) && rsi > this.params.exit) return [this.#market(tick, 'sell', held, closed.time)];
    return [];
  }

  #market(tick: MarketTick, side: 'buy' | 'sell', volume: Decimal, at: number): StrategyAction {
    return {
      type: 'place',
      order: { tag: `${side}-${at}`, pair: tick.pair.id, side, type: 'market', volume },
    };
  }
}

const rsiDip: StrategyDefinition<RsiDipParams> = {
  name: 'rsi-dip',
  summary: 'buys when the 5-minute RSI dips, sells when it recovers',
  params: {
    safeParse(value) {
      const { volume, entry, exit } = (value ?? {}) as Partial<RsiDipParams>;
      if (typeof volume === 'string' && typeof entry === 'number' && typeof exit === 'number' && entry < exit)
        return { success: true, data: { volume, entry, exit } };
      return {
        success: false,
        error: {
          issues: [
            { path: [], message: 'expected { volume: "<decimal>", entry: <RSI>, exit: <RSI above entry> }' },
          ],
        },
      };
    },
  },
  // The series it reads, filled from the first candle on: 5-minute candles, the last 100 kept.
  candles: () => ({ intervals: ['5m'], keep: 100 }),
  create: ({ params }) => new RsiDip(params),
};

/** Replays the fixture for an `rsi-dip` bot and prints the summary; returns the result. */
export async function main(options: { log?: (text: string) => void } = {}): Promise<BacktestResult> {
  const log = options.log ?? console.log;
  const config = defineBotConfig(
    {
      account: { tier: 'intermediate', balances: { ZUSD: '20000' } },
      keys: {
        paper: {
          permissions: [
            'funds_query',
            'trades_query_open',
            'trades_query_closed',
            'trades_modify',
            'trades_close',
          ],
        },
      },
      bots: [
        {
          name: 'dip',
          key: 'paper',
          strategy: 'rsi-dip',
          pairs: ['XBT/USD'],
          params: { volume: '0.02', entry: 30, exit: 55 },
        },
      ],
    },
    { name: 'backtest-from-code', strategies: { 'rsi-dip': rsiDip } },
  );
  const result = await runBacktest(config, { data: loadMarketData([FIXTURE]) });
  log(renderBacktest(result));
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
