import type { AddOrderParams } from '@krakenkit/client';
import type { OrderIntent } from '@krakenkit/guard';
import { Decimal, ZERO } from './decimal.js';
import type { PairFacts, Touch } from './differential-world.js';
import type { SeededRandom } from './seeded-random.js';

/** What kind of order the generator meant: for the counts, and to tell closes from openings. */
export type OrderKind = 'open' | 'close' | 'reduce-only' | 'spot' | 'bad-leverage' | 'flatten';

export interface GeneratedOrder {
  kind: OrderKind;
  /** How the volume was chosen (edge-of-pool, edge-of-size, fraction, overshoot...). */
  sizing: string;
  params: AddOrderParams;
  intent: OrderIntent;
}

/** The account as the generator sees it (from the guard's snapshot and the mock's ticker). */
export interface AccountView {
  maxLeverage: number;
  pairs: readonly PairFacts[];
  touch(pairId: string): Touch;
  /** Allowance and current usage of a pool currency. */
  pool(currency: string): { allowance: Decimal; used: Decimal };
  /** Open position volume and opening-order volume per side on a pair (by altname). */
  exposure(altname: string): { long: Decimal; short: Decimal; longOrders: Decimal; shortOrders: Decimal };
}

type Side = 'buy' | 'sell';
type Pricing = 'market' | 'marketable' | 'resting';

const OPEN_WEIGHTS = { open: 52, close: 20, 'reduce-only': 10, spot: 10, 'bad-leverage': 8 } as const;

/** A random order for one account: mostly margin openings sized at the edges of its pools and size limits. */
export function generateOrder(rng: SeededRandom, view: AccountView): GeneratedOrder {
  const kind = rng.weighted(OPEN_WEIGHTS);
  switch (kind) {
    case 'open':
      return openingOrder(rng, view);
    case 'close':
      return closingOrder(rng, view, false) ?? openingOrder(rng, view);
    case 'reduce-only':
      return closingOrder(rng, view, true) ?? reduceOnlyWithoutPosition(rng, view);
    case 'spot':
      return spotOrder(rng, view);
    case 'bad-leverage':
      return badLeverageOrder(rng, view);
  }
}

function openingOrder(rng: SeededRandom, view: AccountView): GeneratedOrder {
  const pair = rng.pick(view.pairs);
  const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
  const pricing = rng.weighted({ market: 45, marketable: 25, resting: 30 } satisfies Record<Pricing, number>);
  const price = priceFor(rng, pair, side, pricing, view.touch(pair.id));
  const charge = price ?? touchPrice(view.touch(pair.id), side);
  const { volume, sizing } = openingVolume(rng, view, pair, side, charge);
  return order('open', sizing, pair, side, volume, price, leverageFor(rng, view, pair, side));
}

/** Volume near one of the two edges an opening order meets: its pool's headroom or the pair's size limit. */
function openingVolume(rng: SeededRandom, view: AccountView, pair: PairFacts, side: Side, price: Decimal) {
  const exposure = view.exposure(pair.altname);
  const limit = side === 'buy' ? pair.longLimit : pair.shortLimit;
  const held =
    side === 'buy' ? exposure.long.plus(exposure.longOrders) : exposure.short.plus(exposure.shortOrders);
  const sizeRoom = limit === undefined ? undefined : limit.minus(held);
  const poolName = side === 'buy' ? pair.quote : pair.baseIsFiat ? undefined : pair.base;
  const pool = poolName === undefined ? undefined : view.pool(poolName);
  const poolRoom =
    pool === undefined ? undefined : pool.allowance.minus(pool.used).div(side === 'buy' ? price : 1);
  const rooms = [sizeRoom, poolRoom].filter((room): room is Decimal => room !== undefined);
  const tightest = rooms.length === 0 ? new Decimal(10) : Decimal.min(...rooms);
  const sizing = rng.weighted({ 'pool-edge': 34, 'size-edge': 22, fraction: 34, overshoot: 10 });
  let target: Decimal;
  if (sizing === 'pool-edge' && poolRoom !== undefined) target = nearEdge(rng, poolRoom, pair);
  else if (sizing === 'size-edge' && sizeRoom !== undefined) target = nearEdge(rng, sizeRoom, pair);
  else if (sizing === 'overshoot') target = tightest.times(1 + rng.next());
  else target = tightest.times(0.05 + rng.next() * 0.55);
  return { volume: atLeastMinimum(rng, lots(target, pair), pair, price), sizing };
}

/** The edge itself, or a few lots either side of it (the lot is the finest step an order can take). */
function nearEdge(rng: SeededRandom, room: Decimal, pair: PairFacts): Decimal {
  const lot = new Decimal(1).div(new Decimal(10).pow(pair.lotDecimals));
  const steps = rng.pick([-3, -1, 0, 0, 0, 1, 1, 2, 50, -50]);
  return lots(room, pair).plus(lot.times(steps));
}

function closingOrder(rng: SeededRandom, view: AccountView, reduceOnly: boolean): GeneratedOrder | undefined {
  const held = view.pairs.flatMap((pair) => {
    const exposure = view.exposure(pair.altname);
    const out: { pair: PairFacts; side: Side; volume: Decimal }[] = [];
    if (exposure.long.gt(0)) out.push({ pair, side: 'buy', volume: exposure.long });
    if (exposure.short.gt(0)) out.push({ pair, side: 'sell', volume: exposure.short });
    return out;
  });
  if (held.length === 0) return undefined;
  const { pair, side: held_side, volume: position } = rng.pick(held);
  const side: Side = held_side === 'buy' ? 'sell' : 'buy';
  const sizing = rng.weighted({
    whole: 26,
    part: 30,
    'one-lot-less': 12,
    larger: 16,
    zero: 10,
    'far-larger': 6,
  });
  const lot = new Decimal(1).div(new Decimal(10).pow(pair.lotDecimals));
  const volume = {
    whole: position,
    part: lots(position.times(0.1 + rng.next() * 0.8), pair),
    'one-lot-less': position.minus(lot),
    larger: position.plus(lot.times(rng.int(1, 3))),
    zero: ZERO,
    'far-larger': position.times(2),
  }[sizing];
  const pricing = rng.weighted({ market: 70, marketable: 20, resting: 10 } satisfies Record<Pricing, number>);
  const price = priceFor(rng, pair, side, pricing, view.touch(pair.id));
  const charge = price ?? touchPrice(view.touch(pair.id), side);
  const sized = volume.isZero() ? ZERO : atLeastMinimum(rng, volume, pair, charge);
  const leverage = reduceOnly && rng.chance(0.5) ? undefined : leverageFor(rng, view, pair, side);
  return order(reduceOnly ? 'reduce-only' : 'close', sizing, pair, side, sized, price, leverage, reduceOnly);
}

function reduceOnlyWithoutPosition(rng: SeededRandom, view: AccountView): GeneratedOrder {
  const pair = rng.pick(view.pairs);
  const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
  const touch = view.touch(pair.id);
  const volume = atLeastMinimum(rng, pair.ordermin, pair, touchPrice(touch, side));
  const leverage = rng.chance(0.5) ? undefined : leverageFor(rng, view, pair, side);
  return order('reduce-only', 'no-position', pair, side, volume, undefined, leverage, true);
}

function spotOrder(rng: SeededRandom, view: AccountView): GeneratedOrder {
  const pair = rng.pick(view.pairs);
  const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
  const pricing = rng.weighted({ market: 50, marketable: 20, resting: 30 } satisfies Record<Pricing, number>);
  const price = priceFor(rng, pair, side, pricing, view.touch(pair.id));
  const charge = price ?? touchPrice(view.touch(pair.id), side);
  const volume = atLeastMinimum(rng, pair.ordermin.times(rng.int(1, 20)), pair, charge);
  return order('spot', pricing, pair, side, volume, price, undefined);
}

/** A leverage the pair does not offer for the side, or one above the tier's maximum. */
function badLeverageOrder(rng: SeededRandom, view: AccountView): GeneratedOrder {
  const base = openingOrder(rng, view);
  const pair = view.pairs.find((p) => p.altname === base.params.pair);
  if (pair === undefined) throw new Error(`unknown pair ${base.params.pair}`);
  const offered = base.params.type === 'buy' ? pair.leverageBuy : pair.leverageSell;
  const candidates = [2, 3, 4, 5, 7, 10].filter((l) => !offered.includes(l) || l > view.maxLeverage);
  const leverage = String(rng.pick(candidates.length > 0 ? candidates : [10]));
  return {
    ...base,
    kind: 'bad-leverage',
    params: { ...base.params, leverage },
    intent: { ...base.intent, leverage },
  };
}

/** Market: no price. Marketable limit: a few ticks through the touch. Resting: up to 3 % away from it. */
function priceFor(rng: SeededRandom, pair: PairFacts, side: Side, pricing: Pricing, touch: Touch) {
  if (pricing === 'market') return undefined;
  if (pricing === 'marketable') {
    const ticks = pair.tick.times(rng.int(0, 20));
    return side === 'buy' ? touch.ask.plus(ticks) : touch.bid.minus(ticks);
  }
  const away = 1 - rng.next() * 0.03;
  const raw = side === 'buy' ? touch.bid.times(away) : touch.ask.div(away);
  const ticks = raw.div(pair.tick)[side === 'buy' ? 'floor' : 'ceil']();
  return Decimal.max(ticks, 1).times(pair.tick);
}

/** A leverage the tier may use on the pair and side (or, sometimes, any the pair offers). */
function leverageFor(
  rng: SeededRandom,
  view: AccountView,
  pair: PairFacts,
  side: Side,
  strict = false,
): string {
  const offered = side === 'buy' ? pair.leverageBuy : pair.leverageSell;
  const allowed = offered.filter((l) => l <= view.maxLeverage);
  const choices = allowed.length > 0 && (strict || rng.chance(0.9)) ? allowed : offered;
  return String(rng.pick(choices.length > 0 ? choices : [2]));
}

function touchPrice(touch: Touch, side: Side): Decimal {
  return side === 'buy' ? touch.ask : touch.bid;
}

/** Rounded down to the pair's lot decimals, never below zero. */
function lots(volume: Decimal, pair: PairFacts): Decimal {
  return Decimal.max(volume, 0).toDecimalPlaces(pair.lotDecimals, Decimal.ROUND_DOWN);
}

/** Mostly lifts a volume under the pair minimums to them; sometimes leaves it, to keep those refusals in the mix. */
function atLeastMinimum(rng: SeededRandom, volume: Decimal, pair: PairFacts, price: Decimal): Decimal {
  const byCost = pair.costmin.div(price).toDecimalPlaces(pair.lotDecimals, Decimal.ROUND_UP);
  const minimum = Decimal.max(pair.ordermin, byCost);
  if (volume.gte(minimum) || rng.chance(0.03)) return Decimal.max(volume, pair.ordermin.div(2));
  return minimum.times(rng.int(1, 3));
}

function order(
  kind: OrderKind,
  sizing: string,
  pair: PairFacts,
  side: Side,
  volume: Decimal,
  price: Decimal | undefined,
  leverage: string | undefined,
  reduceOnly = false,
): GeneratedOrder {
  const volumeText = volume.toFixed();
  const priceText = price?.toFixed();
  const params: AddOrderParams = {
    pair: pair.altname,
    type: side,
    ordertype: price === undefined ? 'market' : 'limit',
    volume: volumeText,
    ...(priceText === undefined ? {} : { price: priceText }),
    ...(leverage === undefined ? {} : { leverage }),
    ...(reduceOnly ? { reduce_only: true } : {}),
  };
  const intent: OrderIntent = {
    pair: pair.altname,
    side,
    orderType: params.ordertype,
    volume: volumeText,
    ...(priceText === undefined ? {} : { price: priceText }),
    ...(leverage === undefined ? {} : { leverage }),
    ...(reduceOnly ? { reduceOnly: true } : {}),
  };
  return { kind, sizing, params, intent };
}

/** Closes every position the view shows, whole (`volume: 0`), as market orders: the account starts afresh. */
export function flattenOrders(view: AccountView, rng: SeededRandom): GeneratedOrder[] {
  const out: GeneratedOrder[] = [];
  for (const pair of view.pairs) {
    const exposure = view.exposure(pair.altname);
    for (const [held, side] of [
      [exposure.long, 'sell'],
      [exposure.short, 'buy'],
    ] as const) {
      if (held.isZero()) continue;
      out.push(
        order('flatten', 'zero', pair, side, ZERO, undefined, leverageFor(rng, view, pair, side, true)),
      );
    }
  }
  return out;
}
