import { GUARD_CODES } from '../codes.js';
import { type Dec, ZERO } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';
import { accountEquity, valuerOf } from '../engine/valuation.js';

/**
 * Notional caps in the pair's quote currency: per order (`maxOrderNotional`), and per pair across open orders and
 * margin positions (`maxPairNotional`); per pair in `pairs:` or per quote currency in `sanity:`. Unset means no
 * cap. An order that reduces a position is never held back by the pair cap: it lowers exposure. Also per order as
 * a share of account equity (`sanity.maxOrderEquityPercent`), see {@link equityShareCap}.
 */
export function notionalRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const notional = facts.notional;
  if (notional === undefined) return;
  equityShareCap(facts, notional, ctx, out);
  const { pair } = facts;
  const { sanity } = ctx.rules;
  const orderCap = pair.maxOrderNotional ?? sanity.maxOrderNotional.get(pair.quote);
  if (orderCap !== undefined && notional.gt(orderCap)) {
    out.push({
      rule: 'notional',
      code: GUARD_CODES.orderNotional,
      message: `order notional ${notional.toFixed()} ${pair.quote} (${facts.remaining.toFixed()} × ${facts.chargePrice?.toFixed()}) on ${pair.altname} is above the per-order cap ${orderCap.toFixed()} ${pair.quote}`,
      limit: orderCap.toFixed(),
      requested: notional.toFixed(),
      currency: pair.quote,
      field: 'volume',
    });
  }
  const pairCap = pair.maxPairNotional ?? sanity.maxPairNotional.get(pair.quote);
  if (pairCap === undefined || facts.onlyReduces) return;
  const current = (ctx.state.exposure.pair(pair.id)?.notional ?? ZERO).minus(
    facts.replacing?.exposure.notional ?? ZERO,
  );
  const after = current.plus(notional);
  if (after.lte(pairCap)) return;
  out.push({
    rule: 'notional',
    code: GUARD_CODES.pairNotional,
    message: `notional on ${pair.altname} would be ${after.toFixed()} ${pair.quote} (open orders and positions ${current.toFixed()} + this ${notional.toFixed()}), above the pair cap ${pairCap.toFixed()} ${pair.quote}`,
    limit: pairCap.toFixed(),
    requested: after.toFixed(),
    currency: pair.quote,
  });
}

/**
 * The fat-finger cap relative to the account: one order's notional, valued in USD, may be at most
 * `maxOrderEquityPercent` of the account's equity (balances at USD prices plus trading PnL). An order that reduces
 * a margin position is exempt (closing must never be trapped by its size). Without the USD prices or the balances
 * to judge by, the order is refused: the guard cannot tell 3 million from 3 thousand.
 */
function equityShareCap(facts: OrderFacts, notional: Dec, ctx: CheckContext, out: ViolationSink): void {
  const percent = ctx.rules.sanity.maxOrderEquityPercent;
  if (percent === undefined || facts.onlyReduces) return;
  const { pair } = facts;
  const valuer = valuerOf(ctx.rules, ctx.state, ctx.now);
  const rate = valuer.usdRate(pair.quote);
  const equity = accountEquity(ctx.state, valuer);
  const missing = [
    ...(rate === undefined ? [pair.quote] : []),
    ...('missing' in equity ? equity.missing : []),
  ];
  if (missing.length > 0) {
    out.push({
      rule: 'notional',
      code: GUARD_CODES.missingReferencePrice,
      message: `the ${percent}% of equity cap per order on ${pair.altname} values orders and equity in USD, and there is no USD price of ${[...new Set(missing)].join(', ')} (guard.setUsdPrice)`,
      field: 'volume',
    });
    return;
  }
  if (!('usd' in equity) || equity.usd.lte(0) || rate === undefined) {
    out.push({
      rule: 'notional',
      code: GUARD_CODES.equityUnknown,
      message: `the ${percent}% of equity cap per order on ${pair.altname} needs the account's equity, and the guard cannot value it (no balances with a USD price${'usd' in equity ? `; equity ${cents(equity.usd)} USD` : ''})`,
      field: 'volume',
    });
    return;
  }
  const usd = notional.times(rate);
  const cap = equity.usd.times(percent).div(100);
  if (usd.lte(cap)) return;
  const share = usd.div(equity.usd).times(100).toDecimalPlaces(1).toFixed();
  const sized = `${notional.toFixed()} ${pair.quote} (${facts.remaining.toFixed()} × ${facts.chargePrice?.toFixed()})`;
  const inUsd = rate.eq(1)
    ? sized
    : `${sized} = ${cents(usd)} USD at ${rate.toFixed()} USD per ${pair.quote}`;
  out.push({
    rule: 'notional',
    code: GUARD_CODES.orderNotional,
    message: `order notional ${inUsd} on ${pair.altname} is ${share}% of the account equity ${cents(equity.usd)} USD; the cap is ${percent}% (${cents(cap)} USD)`,
    limit: cents(cap),
    requested: cents(usd),
    currency: 'USD',
    field: 'volume',
  });
}

function cents(amount: Dec): string {
  return amount.toDecimalPlaces(2).toFixed();
}
