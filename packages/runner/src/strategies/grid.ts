import { Decimal } from '@krakenkit/core';
import { z } from 'zod';
import { positiveMoney } from '../config/fields.js';
import { volumeProblems } from './order-minimums.js';
import { toLot, toTick } from './rounding.js';
import type {
  Adoption,
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

  /**
   * Takes back the centres of the pairs whose grid still rests (saved, or worked out from a resting order's
   * level), so the first tick places nothing on top of them. A pair with no resting order left (the dead man's
   * switch cancelled them while the bot was down) starts a fresh grid around the next tick's mid.
   */
  adopt(adoption: Adoption): StrategyAction[] {
    const saved = savedCentres(adoption.saved);
    for (const order of adoption.openOrders) {
      const pair = order.request.pair;
      if (this.#centres.has(pair)) continue;
      const centre = saved.get(pair) ?? this.#centreOf(order);
      if (centre !== undefined) this.#centres.set(pair, centre);
    }
    return [];
  }

  /** The centre of each pair, as decimal text. */
  snapshot(): { centres: Record<string, string> } {
    return {
      centres: Object.fromEntries([...this.#centres].map(([pair, centre]) => [pair, centre.toFixed()])),
    };
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

  // Level i rests at centre × (1 + i × step), rounded to the tick: close enough to place the missing levels.
  #centreOf(order: { request: OrderRequest }): Decimal | undefined {
    const level = levelOf(order.request.tag);
    const price = order.request.price;
    if (level === undefined || price === undefined) return undefined;
    const factor = this.#step.times(level).plus(1);
    return factor.lte(0) ? undefined : price.div(factor);
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

function savedCentres(saved: unknown): Map<string, Decimal> {
  const centres = (saved as { centres?: unknown } | undefined)?.centres;
  const out = new Map<string, Decimal>();
  if (typeof centres !== 'object' || centres === null) return out;
  for (const [pair, text] of Object.entries(centres))
    if (typeof text === 'string' && /^\d+(\.\d+)?$/.test(text)) out.set(pair, new Decimal(text));
  return out;
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
  checkPairs: (params, pairs) => volumeProblems(params.volume, pairs),
  create: ({ params }) => new GridStrategy(params),
};
