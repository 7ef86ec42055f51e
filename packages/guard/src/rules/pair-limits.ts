import { KRAKEN_CODES } from '../codes.js';
import type { Dec } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * AssetPairs limits: ordermin (base volume), costmin (quote cost), lot_decimals (volume decimals),
 * pair_decimals (price decimals) and tick_size. Each refusal names the field and the value allowed. Rounding,
 * when config asks for it, has already happened (engine/rounding.ts), so what reaches here is what would be sent.
 */
export function pairLimitsRule(facts: OrderFacts, _ctx: CheckContext, out: ViolationSink): void {
  volumeLimits(facts, out);
  costLimit(facts, out);
  if (facts.price !== undefined) priceLimits(facts, 'price', facts.price, out);
  if (facts.price2 !== undefined) priceLimits(facts, 'price2', facts.price2, out);
}

function volumeLimits(facts: OrderFacts, out: ViolationSink): void {
  const { pair, volume } = facts;
  if (pair.lotDecimals !== undefined && volume.decimalPlaces() > pair.lotDecimals) {
    out.push({
      rule: 'pair-limits',
      code: KRAKEN_CODES.invalidVolume,
      message: `volume ${volume.toFixed()} has ${volume.decimalPlaces()} decimals; ${pair.altname} allows ${pair.lotDecimals} (lot_decimals)`,
      limit: String(pair.lotDecimals),
      requested: String(volume.decimalPlaces()),
      field: 'volume',
    });
  }
  if (pair.orderMin !== undefined && volume.lt(pair.orderMin)) {
    out.push({
      rule: 'pair-limits',
      code: KRAKEN_CODES.orderMinimum,
      message: `volume ${volume.toFixed()} ${pair.base} is below ${pair.altname}'s ordermin ${pair.orderMin.toFixed()} ${pair.base}`,
      limit: pair.orderMin.toFixed(),
      requested: volume.toFixed(),
      currency: pair.base,
      field: 'volume',
    });
  } else if (volume.isZero()) {
    out.push({
      rule: 'pair-limits',
      code: KRAKEN_CODES.invalidVolume,
      message: 'volume is 0 and there is no position to close',
      requested: '0',
      field: 'volume',
    });
  }
}

function costLimit(facts: OrderFacts, out: ViolationSink): void {
  const { pair, chargePrice } = facts;
  if (pair.costMin === undefined || chargePrice === undefined) return;
  const cost = facts.volume.times(chargePrice);
  if (cost.gte(pair.costMin)) return;
  out.push({
    rule: 'pair-limits',
    code: KRAKEN_CODES.costMinimum,
    message: `cost ${cost.toFixed()} ${pair.quote} (${facts.volume.toFixed()} × ${chargePrice.toFixed()}) is below ${pair.altname}'s costmin ${pair.costMin.toFixed()} ${pair.quote}`,
    limit: pair.costMin.toFixed(),
    requested: cost.toFixed(),
    currency: pair.quote,
    field: 'volume',
  });
}

function priceLimits(facts: OrderFacts, field: 'price' | 'price2', price: Dec, out: ViolationSink): void {
  const { pair } = facts;
  if (pair.pairDecimals !== undefined && price.decimalPlaces() > pair.pairDecimals) {
    out.push({
      rule: 'pair-limits',
      code: KRAKEN_CODES.invalidPrice,
      message: `${field} ${price.toFixed()} has ${price.decimalPlaces()} decimals; ${pair.altname} allows ${pair.pairDecimals} (pair_decimals)`,
      limit: String(pair.pairDecimals),
      requested: String(price.decimalPlaces()),
      currency: pair.quote,
      field,
    });
  }
  if (pair.tickSize?.gt(0) && !price.mod(pair.tickSize).isZero()) {
    const below = price.div(pair.tickSize).floor().times(pair.tickSize);
    out.push({
      rule: 'pair-limits',
      code: KRAKEN_CODES.tickSize,
      message: `${field} ${price.toFixed()} is not a multiple of ${pair.altname}'s tick_size ${pair.tickSize.toFixed()} (nearest: ${below.toFixed()} or ${below.plus(pair.tickSize).toFixed()})`,
      limit: pair.tickSize.toFixed(),
      requested: price.toFixed(),
      currency: pair.quote,
      field,
    });
  }
}
