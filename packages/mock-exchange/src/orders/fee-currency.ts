import type { Side } from './order.js';

/** The flag naming the currency an order's fee is taken in: base (`fcib`) or quote (`fciq`). */
export type FeeFlag = 'fcib' | 'fciq';

/**
 * Kraken's rule: `fcib` takes the fee in the base currency, `fciq` in the quote currency (the two are exclusive);
 * without either, a buy pays in the quote currency and a sell in the base currency. The mock applies it to spot
 * trades; a margin trade's fee is booked on its position in the quote currency, as OpenPositions reports it.
 */
export function feeFlagOf(order: { side: Side; oflags: readonly string[] }): FeeFlag {
  if (order.oflags.includes('fcib')) return 'fcib';
  if (order.oflags.includes('fciq')) return 'fciq';
  return order.side === 'sell' ? 'fcib' : 'fciq';
}

/** The order's flags as Kraken lists them: what was sent, with the fee currency's flag always named. */
export function listedOflags(order: { side: Side; oflags: readonly string[] }): string {
  const flag = feeFlagOf(order);
  return [...order.oflags.filter((f) => f !== 'fcib' && f !== 'fciq'), flag].join(',');
}
