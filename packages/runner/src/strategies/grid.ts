import { Decimal } from '@krakenkit/core';
import { z } from 'zod';
import { positiveMoney } from '../config/fields.js';
import { toLot, toTick } from './rounding.js';
import type {
  Fill,
  MarketTick,
  OrderRequest,
  PairInfo,
  Side,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategyView,
} from './types.js';

/** Params of the grid bot. */
export const gridParamsSchema = z.strictObject({
  /** Orders on each side of the centre. */
  levels: z.number().int().min(1).max(50),
  /** Distance between two levels, in basis points of the centre price. */
  spacingBps: z.number().positive().max(5_000),
  /** Base-currency volume of every order (decimal string). */
  volume: positiveMoney,
  /** Place maker-only orders (Kraken `oflags: post`). */
  postOnly: z.boolean().default(false),
});
/** The `params` of a `grid` bot, validated. */
export type GridParams = z.output<typeof gridParamsSchema>;

/**
 * A spot grid. On the first tick of a pair it takes the mid as the centre and rests `levels` buys below and
 * `levels` sells above it, `spacingBps` apart. Level i sits at centre × (1 + i × spacing). When a buy at level i
 * fills completely, a sell goes to level i + 1; when a sell at level i fills, a buy goes to level i − 1: each
 * round trip earns one spacing minus fees. A level holds at most one order.
 */
export class GridStrategy implements Strategy {
  readonly #params: GridParams;
  readonly #centres = new Map<string, Decimal>();
  readonly #step: Decimal;

  constructor(params: GridParams) {
    this.#params = params;
    this.#step = new Decimal(params.spacingBps).div(10_000);
  }

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    if (this.#centres.has(tick.pair.id)) return [];
    this.#centres.set(tick.pair.id, tick.mid);
    const actions: StrategyAction[] = [];
    for (let k = 1; k <= this.#params.levels; k += 1) {
      actions.push(...this.#placeAt(tick.pair, -k, 'buy', view));
      actions.push(...this.#placeAt(tick.pair, k, 'sell', view));
    }
    return actions;
  }

  onFill(fill: Fill, view: StrategyView): StrategyAction[] {
    if (!fill.complete) return [];
    const level = levelOf(fill.tag);
    if (level === undefined) return [];
    return fill.side === 'buy'
      ? this.#placeAt(fill.pair, level + 1, 'sell', view)
      : this.#placeAt(fill.pair, level - 1, 'buy', view);
  }

  /** The price of level `level` of a pair, on the tick for `side`. */
  priceAt(pair: PairInfo, level: number, side: Side): Decimal | undefined {
    const centre = this.#centres.get(pair.id);
    if (centre === undefined) return undefined;
    return toTick(pair, centre.times(this.#step.times(level).plus(1)), side);
  }

  #placeAt(pair: PairInfo, level: number, side: Side, view: StrategyView): StrategyAction[] {
    const tag = `${pair.id}:L${level}`;
    const price = this.priceAt(pair, level, side);
    if (price === undefined || view.orders.has(tag) || price.lte(0)) return [];
    const order: OrderRequest = {
      tag,
      pair: pair.id,
      side,
      type: 'limit',
      volume: toLot(pair, new Decimal(this.#params.volume)),
      price,
      ...(this.#params.postOnly ? { postOnly: true } : {}),
    };
    return [{ type: 'place', order }];
  }
}

function levelOf(tag: string): number | undefined {
  const match = /:L(-?\d+)$/.exec(tag);
  return match === null ? undefined : Number(match[1]);
}

/** The built-in `grid` strategy: resting buys below and sells above the mid. */
export const gridStrategy: StrategyDefinition<GridParams> = {
  name: 'grid',
  summary: 'spot grid: resting buys below and sells above the mid; each fill re-quotes one level further',
  params: gridParamsSchema,
  create: ({ params }) => new GridStrategy(params),
};
