import { Decimal } from '@krakenkit/core';
import { z } from 'zod';
import { duration, money, positiveMoney } from '../config/fields.js';
import { amountBelowMinimum, volumeProblems } from './order-minimums.js';
import { isProtectionTag, withProtection } from './protection.js';
import { shiftBps, toLot, toTick } from './rounding.js';
import type {
  Adoption,
  Fill,
  MarketTick,
  OrderEnded,
  OrderRequest,
  Protection,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategyView,
} from './types.js';
import { hasOrderOn } from './view-helpers.js';

/** Params of the DCA bot: give `amount` (quote per order) or `volume` (base per order), not both. */
export const dcaParamsSchema = z
  .strictObject({
    /** Quote-currency amount per order, e.g. "250" (USD on XBT/USD). */
    amount: positiveMoney.optional(),
    /** Base-currency volume per order. */
    volume: positiveMoney.optional(),
    /** Time between two orders. */
    every: duration.default(5_000),
    side: z.enum(['buy', 'sell']).default('buy'),
    orderType: z.enum(['market', 'limit']).default('market'),
    /** For limit orders: distance from the touch (bid for buys, ask for sells) in basis points, passive side. */
    limitOffsetBps: z.number().nonnegative().max(5_000).default(0),
    /** Stop after this many orders have been accepted. */
    maxOrders: z.number().int().positive().optional(),
    /** Stop once this much quote currency has been spent (filled cost). */
    budget: money.optional(),
  })
  .refine((params) => (params.amount === undefined) !== (params.volume === undefined), {
    error: 'give exactly one of amount (quote per order) or volume (base per order)',
  });
/** The `params` of a `dca` bot, validated. */
export type DcaParams = z.output<typeof dcaParamsSchema>;

interface PairPlan {
  nextAt: number;
  seq: number;
}

/** What a DCA bot saves: its schedule per pair, the orders it counted and the quote it spent (decimal text). */
interface DcaSnapshot {
  plans: Record<string, PairPlan>;
  placed: number;
  spent: string;
}

/**
 * Dollar-cost averaging: every `every`, one order of `amount` quote (or `volume` base) per pair, at market or
 * as a passive limit. One order per pair at a time; stops at `maxOrders` or when `budget` is spent.
 */
export class DcaStrategy implements Strategy {
  readonly #params: DcaParams;
  readonly #protect: Protection | undefined;
  readonly #plans = new Map<string, PairPlan>();
  #placed = 0;
  #spent = new Decimal(0);

  /** `protect`: the bot's exchange-resident protection, attached to every buy. */
  constructor(params: DcaParams, protect?: Protection) {
    this.#params = params;
    this.#protect = protect;
  }

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    const plan = this.#plans.get(tick.pair.id) ?? { nextAt: view.now, seq: 0 };
    this.#plans.set(tick.pair.id, plan);
    if (view.now < plan.nextAt || this.#done() || hasOrderOn(view, tick.pair.id)) return [];
    plan.nextAt = view.now + this.#params.every;
    plan.seq += 1;
    this.#placed += 1;
    const { side } = this.#params;
    const touch = side === 'buy' ? tick.ask : tick.bid;
    const limit =
      this.#params.orderType === 'limit'
        ? toTick(
            tick.pair,
            shiftBps(
              side === 'buy' ? tick.bid : tick.ask,
              side === 'buy' ? -this.#params.limitOffsetBps : this.#params.limitOffsetBps,
            ),
            side,
          )
        : undefined;
    const volume =
      this.#params.volume !== undefined
        ? new Decimal(this.#params.volume)
        : new Decimal(this.#params.amount ?? '0').div(limit ?? touch);
    const order: OrderRequest = {
      tag: `${tick.pair.id}:dca${plan.seq}`,
      pair: tick.pair.id,
      side,
      type: this.#params.orderType,
      volume: toLot(tick.pair, volume),
      ...(limit === undefined ? {} : { price: limit }),
    };
    return [{ type: 'place', order: withProtection(order, this.#protect, tick.pair) }];
  }

  /** Takes back the schedule, the orders counted and the amount spent, so a restart neither repeats nor resets them. */
  adopt(adoption: Adoption): StrategyAction[] {
    const saved = adoption.saved as Partial<DcaSnapshot> | undefined;
    if (typeof saved?.placed === 'number') this.#placed = saved.placed;
    if (typeof saved?.spent === 'string' && /^\d+(\.\d+)?$/.test(saved.spent))
      this.#spent = new Decimal(saved.spent);
    for (const [pair, plan] of Object.entries(saved?.plans ?? {}))
      if (typeof plan?.nextAt === 'number' && typeof plan.seq === 'number')
        this.#plans.set(pair, { nextAt: plan.nextAt, seq: plan.seq });
    return [];
  }

  /** The schedule per pair, orders counted and quote spent. */
  snapshot(): DcaSnapshot {
    return {
      plans: Object.fromEntries(this.#plans),
      placed: this.#placed,
      spent: this.#spent.toFixed(),
    };
  }

  onFill(fill: Fill): StrategyAction[] {
    // What a stop or take-profit sold is not spent.
    if (isProtectionTag(fill.tag)) return [];
    this.#spent = this.#spent.plus(fill.volume.times(fill.price));
    return [];
  }

  // A refused order does not count towards maxOrders: the next one is tried at the next interval.
  onOrderEnded(ended: OrderEnded): StrategyAction[] {
    if (isProtectionTag(ended.tag)) return [];
    if (
      ended.reason === 'guard-rejected' ||
      ended.reason === 'exchange-rejected' ||
      ended.reason === 'failed'
    )
      this.#placed -= 1;
    return [];
  }

  #done(): boolean {
    const { maxOrders, budget } = this.#params;
    if (maxOrders !== undefined && this.#placed >= maxOrders) return true;
    return budget !== undefined && this.#spent.gte(budget);
  }
}

/** The built-in `dca` strategy: a fixed amount every interval, at market or as a passive limit. */
export const dcaStrategy: StrategyDefinition<DcaParams> = {
  name: 'dca',
  summary: 'dollar-cost averaging: a fixed amount every interval, at market or as a passive limit',
  params: dcaParamsSchema,
  checkPairs: (params, pairs) =>
    params.volume !== undefined
      ? volumeProblems(params.volume, pairs)
      : amountBelowMinimum(params.amount ?? '0', pairs),
  protection: true,
  checkProtection: (params) =>
    params.side === 'sell' ? ['a selling DCA opens no position to protect (protect is for side: buy)'] : [],
  create: ({ params, protect }) => new DcaStrategy(params, protect),
};
