/**
 * How an entry's protection becomes Kraken orders: the stop (or trailing stop) rides on the entry as its
 * conditional close (`close[ordertype]`, `close[price]`), so the exchange creates it with every fill, whether or not
 * this process is alive; a take-profit next to a stop is a second, reduce-only order placed once the fill is seen
 * (Kraken takes one conditional close per order). Prices and volumes stay Decimals on the pair's tick and lot.
 */
import { Decimal } from '@krakenkit/core';
import { tickOf, toLot, toTick } from './rounding.js';
import type { OrderRequest, PairInfo, Protection, ProtectionOffset, Side } from './types.js';

/**
 * Which leg of a protection an order is (the suffix of its tag after `#`); `close` is the market order that
 * closes a position that could not be protected.
 */
export type ProtectionLeg = 'sl' | 'trail' | 'tp' | 'close';

/** The conditional close an entry carries, as AddOrder's `close` (prices as Kraken's relative offset text). */
export interface CloseTerms {
  ordertype: 'stop-loss' | 'take-profit' | 'trailing-stop';
  price: string;
}

/** Marks the leg in a tag: `XXBTZUSD:entry3#sl`. Strategies never use `#` in their own tags. */
const LEG_MARK = '#';

/**
 * The entry with the bot's protection attached (unchanged without one). Absolute distances are put on the pair's
 * tick (at least one tick), so the stop the exchange derives from the fill price stays on it.
 */
export function withProtection(
  order: OrderRequest,
  protect: Protection | undefined,
  pair: PairInfo,
): OrderRequest {
  if (protect === undefined) return order;
  const onTick = (offset: ProtectionOffset | undefined): ProtectionOffset | undefined => {
    if (offset === undefined || 'percent' in offset) return offset;
    const tick = tickOf(pair);
    return { distance: Decimal.max(tick, offset.distance.div(tick).round().times(tick)) };
  };
  const legs: Protection = {};
  for (const name of ['stopLoss', 'takeProfit', 'trailingStop'] as const) {
    const offset = onTick(protect[name]);
    if (offset !== undefined) legs[name] = offset;
  }
  return { ...order, protect: legs };
}

/** True for a protective order (a stop or take-profit resting for a position). */
export function isProtective(order: OrderRequest): boolean {
  return order.protects !== undefined;
}

/** True when a tag names a protective order (`…#sl`, `…#tp`, `…#trail`). */
export function isProtectionTag(tag: string): boolean {
  return tag.includes(LEG_MARK);
}

/** The tag of a protection leg of `entryTag`; `n` > 1 for the legs of a later partial fill. */
export function legTag(entryTag: string, leg: ProtectionLeg, n = 1): string {
  return `${entryTag}${LEG_MARK}${leg}${n > 1 ? n : ''}`;
}

/** Which leg the conditional close of a protected entry is: the stop, else the trailing stop, else the take-profit. */
export function closeLegOf(protect: Protection): ProtectionLeg | undefined {
  if (protect.stopLoss !== undefined) return 'sl';
  if (protect.trailingStop !== undefined) return 'trail';
  if (protect.takeProfit !== undefined) return 'tp';
  return undefined;
}

/**
 * The conditional close of a protected entry: Kraken's relative prices, from the last price when the entry fills
 * (`-2%` below a long's fill, `+150` above a short's; a trailing stop's offset is always `+`).
 */
export function closeTermsOf(entry: OrderRequest): CloseTerms | undefined {
  const protect = entry.protect;
  if (protect === undefined) return undefined;
  const leg = closeLegOf(protect);
  const against = entry.side === 'buy' ? '-' : '+';
  const favour = entry.side === 'buy' ? '+' : '-';
  if (leg === 'sl' && protect.stopLoss !== undefined)
    return { ordertype: 'stop-loss', price: `${against}${offsetText(protect.stopLoss)}` };
  if (leg === 'trail' && protect.trailingStop !== undefined)
    return { ordertype: 'trailing-stop', price: `+${offsetText(protect.trailingStop)}` };
  if (leg === 'tp' && protect.takeProfit !== undefined)
    return { ordertype: 'take-profit', price: `${favour}${offsetText(protect.takeProfit)}` };
  return undefined;
}

/**
 * The legs the runner places itself once a fill of `entry` is seen: the take-profit when the conditional close is
 * the stop. Reduce-only on a margin entry (it can then never open a position), at an absolute price from the fill
 * on the pair's tick (rounded away from the market), for the volume that filled.
 */
export function laterLegs(
  entry: OrderRequest,
  fill: { volume: Decimal; price: Decimal },
  pair: PairInfo,
  n: number,
): OrderRequest[] {
  const protect = entry.protect;
  if (protect === undefined || protect.takeProfit === undefined || closeLegOf(protect) === 'tp') return [];
  const closing: Side = entry.side === 'buy' ? 'sell' : 'buy';
  const distance = distanceFrom(fill.price, protect.takeProfit);
  const target = entry.side === 'buy' ? fill.price.plus(distance) : fill.price.minus(distance);
  const volume = toLot(pair, fill.volume);
  if (volume.isZero() || !target.gt(0)) return [];
  return [
    {
      tag: legTag(entry.tag, 'tp', n),
      pair: entry.pair,
      side: closing,
      type: 'take-profit',
      volume,
      price: toTick(pair, target, closing),
      ...(entry.leverage === undefined ? {} : { leverage: entry.leverage, reduceOnly: true }),
      protects: entry.tag,
    },
  ];
}

/**
 * The order that stands in for a conditional close the exchange did not create: a stop-loss for a stop or a
 * trailing stop (fixed where the trail starts: it does not follow the price), a take-profit for a lone take-profit.
 * Standalone, so reduce-only on a margin entry; at the fill price plus or minus the offset on the pair's tick
 * (rounded away from the market), for `volume` (what is left of the position).
 */
export function standInLeg(
  entry: OrderRequest,
  fill: { volume: Decimal; price: Decimal },
  pair: PairInfo,
  n: number,
): OrderRequest | undefined {
  const protect = entry.protect ?? {};
  const leg = closeLegOf(protect);
  const offset = leg === 'tp' ? protect.takeProfit : (protect.stopLoss ?? protect.trailingStop);
  if (leg === undefined || offset === undefined) return undefined;
  const closing: Side = entry.side === 'buy' ? 'sell' : 'buy';
  const distance = distanceFrom(fill.price, offset);
  // A take-profit lies in the position's favour, a stop against it.
  const up = (entry.side === 'buy') === (leg === 'tp');
  const target = up ? fill.price.plus(distance) : fill.price.minus(distance);
  const volume = toLot(pair, fill.volume);
  if (volume.isZero() || !target.gt(0)) return undefined;
  return {
    tag: legTag(entry.tag, leg === 'tp' ? 'tp' : 'sl', n),
    pair: entry.pair,
    side: closing,
    type: leg === 'tp' ? 'take-profit' : 'stop-loss',
    volume,
    // Away from the market: a stop further against the position, a take-profit further in its favour.
    price: toTick(pair, target, up ? 'sell' : 'buy'),
    ...(entry.leverage === undefined ? {} : { leverage: entry.leverage, reduceOnly: true }),
    protects: entry.tag,
  };
}

/** The market order that closes what is left of an entry's position (reduce-only on margin). */
export function closingOrder(entry: OrderRequest, volume: Decimal, pair: PairInfo): OrderRequest | undefined {
  const lot = toLot(pair, volume);
  if (lot.isZero()) return undefined;
  return {
    tag: legTag(entry.tag, 'close'),
    pair: entry.pair,
    side: entry.side === 'buy' ? 'sell' : 'buy',
    type: 'market',
    volume: lot,
    ...(entry.leverage === undefined ? {} : { leverage: entry.leverage, reduceOnly: true }),
    protects: entry.tag,
  };
}

/** The distance an offset is from `price`, in the quote currency. */
export function distanceFrom(price: Decimal, offset: ProtectionOffset): Decimal {
  return 'percent' in offset ? price.times(offset.percent).div(100) : offset.distance;
}

/** An offset as Kraken writes it, without the sign: `2%`, `150`. */
export function offsetText(offset: ProtectionOffset): string {
  return 'percent' in offset ? `${offset.percent.toFixed()}%` : offset.distance.toFixed();
}

/** A bot's protection in one line for messages: `stop-loss 2%, take-profit 4%`. */
export function describeProtection(protect: Protection): string {
  const parts: string[] = [];
  if (protect.stopLoss !== undefined) parts.push(`stop-loss ${offsetText(protect.stopLoss)}`);
  if (protect.trailingStop !== undefined) parts.push(`trailing stop ${offsetText(protect.trailingStop)}`);
  if (protect.takeProfit !== undefined) parts.push(`take-profit ${offsetText(protect.takeProfit)}`);
  return parts.join(', ');
}
