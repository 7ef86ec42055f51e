import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import { Rng } from '../core/random.js';
import { limitPriceOf, remaining } from '../orders/order.js';
import type { Pair } from './pairs.js';

/** One price level of the order book. */
export interface BookLevel {
  price: Decimal;
  volume: Decimal;
}

/** A pair's order book at one moment, best levels first. */
export interface BookSnapshot {
  pair: Pair;
  /** Best first: highest bid first. */
  bids: BookLevel[];
  /** Best first: lowest ask first. */
  asks: BookLevel[];
  time: number;
}

/**
 * An L2 book of the simulated market: synthetic levels one tick apart from the touch outwards, with volumes
 * drawn from a stream seeded by the pair and the current step (same step, same book), plus the accounts' own
 * resting limit orders at their prices.
 */
export function bookSnapshot(ctx: ExchangeContext, pair: Pair, depth: number, now: number): BookSnapshot {
  const market = ctx.markets.of(pair);
  const rng = Rng.derive(ctx.seed, `book:${pair.id}:${market.steps}`);
  const bids = new Map<string, BookLevel>();
  const asks = new Map<string, BookLevel>();
  for (let i = 0; i < depth; i += 1) {
    const offset = pair.tickSize.times(i);
    addLevel(bids, market.bid.minus(offset), pair.ordermin.times(1 + (rng.nextUint32() % 500)));
    addLevel(asks, market.ask.plus(offset), pair.ordermin.times(1 + (rng.nextUint32() % 500)));
  }
  for (const order of ctx.openOrders.on(pair)) {
    const price = limitPriceOf(order);
    const live = order.ordertype === 'limit' || order.triggeredAt !== undefined;
    if (price === undefined || !live || price.lessThanOrEqualTo(ZERO)) continue;
    addLevel(order.side === 'buy' ? bids : asks, price, remaining(order));
  }
  return {
    pair,
    bids: [...bids.values()].sort((a, b) => b.price.comparedTo(a.price)).slice(0, depth),
    asks: [...asks.values()].sort((a, b) => a.price.comparedTo(b.price)).slice(0, depth),
    time: now,
  };
}

function addLevel(levels: Map<string, BookLevel>, price: Decimal, volume: Decimal): void {
  if (price.lessThanOrEqualTo(ZERO)) return;
  const key = price.toString();
  const level = levels.get(key);
  levels.set(key, { price, volume: (level?.volume ?? ZERO).plus(volume) });
}
