import { Decimal } from '@krakenkit/core';
import { z } from 'zod';
import { CandlesUnavailableError } from '../candles/candle-book.js';
import { CANDLE_INTERVALS, type CandleInterval } from '../candles/intervals.js';
import { positiveMoney } from '../config/fields.js';
import { volumeProblems } from './order-minimums.js';
import { withProtection } from './protection.js';
import { toLot } from './rounding.js';
import type {
  MarketTick,
  Protection,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategyView,
} from './types.js';
import { hasOrderOn, protectionOn } from './view-helpers.js';

const INTERVALS = Object.keys(CANDLE_INTERVALS) as [CandleInterval, ...CandleInterval[]];

/** Params of the EMA crossover bot. */
export const emaCrossParamsSchema = z
  .strictObject({
    /** Base-currency volume bought on each golden cross (decimal string). */
    volume: positiveMoney,
    /** The candles it decides on. */
    interval: z.enum(INTERVALS).default('1m'),
    /** Fast and slow EMA periods, in closed candles. */
    fast: z.number().int().min(1).default(9),
    slow: z.number().int().min(2).default(21),
    /** Buy only while the RSI (14 candles) is at most this: no entries into an overbought market. */
    rsiMax: z.number().min(0).max(100).optional(),
    /** Closed candles kept per pair (at least `slow`). */
    keep: z.number().int().min(2).max(100_000).default(200),
  })
  .refine((params) => params.fast < params.slow, { error: 'fast must be shorter than slow', path: ['fast'] })
  .refine((params) => params.keep >= params.slow, {
    error: 'keep must hold at least slow candles',
    path: ['keep'],
  });
/** The `params` of an `ema-cross` bot, validated. */
export type EmaCrossParams = z.output<typeof emaCrossParamsSchema>;

/**
 * A spot EMA crossover on closed candles. When a candle of `interval` closes with the fast EMA of the closes above
 * the slow one after the previous candle had it at or below (a golden cross), it buys `volume` at market, if it
 * holds nothing and the RSI allows; when the fast EMA falls below the slow one (a death cross), it sells what it
 * holds. One order per pair at a time. It reads its candles from the view (`view.candles`).
 */
export class EmaCrossStrategy implements Strategy {
  readonly #params: EmaCrossParams;
  /** Per pair: the close time of the candle last decided on, and the sign of fast − slow then. */
  readonly #seen = new Map<string, { time: number; sign: number }>();
  readonly #protect: Protection | undefined;
  /** Pairs whose death-cross sale waits for their protective orders to be cancelled (they hold the coins). */
  readonly #exiting = new Set<string>();
  #reportedNoCandles = false;

  /** `protect`: the bot's exchange-resident protection, attached to every buy. */
  constructor(params: EmaCrossParams, protect?: Protection) {
    this.#params = params;
    this.#protect = protect;
  }

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    if (view.candles === undefined) return this.#noCandles();
    if (this.#exiting.has(tick.pair.id)) return this.#exit(tick, view);
    const { fast, slow, interval, rsiMax } = this.#params;
    const series = view.candles(tick.pair.id, interval);
    const last = series.last;
    const previous = this.#seen.get(tick.pair.id);
    if (last === undefined || previous?.time === last.time) return [];
    const fastEma = series.ema(fast);
    const slowEma = series.ema(slow);
    if (fastEma === undefined || slowEma === undefined) return [];
    const sign = Math.sign(fastEma - slowEma);
    this.#seen.set(tick.pair.id, { time: last.time, sign });
    if (previous === undefined || hasOrderOn(view, tick.pair.id)) return [];
    const held = view.inventory(tick.pair.id);
    if (previous.sign <= 0 && sign > 0 && held.lte(0)) {
      const rsi = series.rsi();
      if (rsiMax !== undefined && (rsi === undefined || rsi > rsiMax)) return [];
      return [this.#order(tick, 'buy', toLot(tick.pair, new Decimal(this.#params.volume)), last.time)];
    }
    if (previous.sign >= 0 && sign < 0 && held.gt(0)) {
      this.#exiting.add(tick.pair.id);
      return this.#exit(tick, view);
    }
    return [];
  }

  // The sale of what it holds, once no stop or take-profit rests on the pair (each holds coins for its own sale):
  // they are cancelled first, and the sale follows at the first tick without them.
  #exit(tick: MarketTick, view: StrategyView): StrategyAction[] {
    const resting = protectionOn(view, tick.pair.id);
    if (resting.length > 0)
      return resting.flatMap((order) =>
        order.status === 'open' ? [{ type: 'cancel', tag: order.request.tag }] : [],
      );
    this.#exiting.delete(tick.pair.id);
    const held = view.inventory(tick.pair.id);
    if (!held.gt(0) || hasOrderOn(view, tick.pair.id)) return [];
    return [this.#order(tick, 'sell', toLot(tick.pair, held), view.now)];
  }

  #order(tick: MarketTick, side: 'buy' | 'sell', volume: Decimal, at: number): StrategyAction {
    const order = {
      tag: `${tick.pair.id}:${side}${at}`,
      pair: tick.pair.id,
      side,
      type: 'market',
      volume,
    } as const;
    return { type: 'place', order: side === 'buy' ? withProtection(order, this.#protect, tick.pair) : order };
  }

  // Said once (a runner without a candle feed), then quiet: no error per tick.
  #noCandles(): StrategyAction[] {
    if (this.#reportedNoCandles) return [];
    this.#reportedNoCandles = true;
    throw new CandlesUnavailableError(
      'ema-cross decides on candles, and this runner feeds none: it places nothing',
    );
  }
}

/** The built-in `ema-cross` strategy: a spot EMA crossover on closed candles. */
export const emaCrossStrategy: StrategyDefinition<EmaCrossParams> = {
  name: 'ema-cross',
  summary: 'spot EMA crossover on closed candles: buys on a golden cross, sells on a death cross',
  params: emaCrossParamsSchema,
  checkPairs: (params, pairs) => volumeProblems(params.volume, pairs),
  candles: (params) => ({ intervals: [params.interval], keep: params.keep }),
  protection: true,
  create: ({ params, protect }) => new EmaCrossStrategy(params, protect),
};
