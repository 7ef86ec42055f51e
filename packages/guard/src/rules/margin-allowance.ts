import { KRAKEN_CODES } from '../codes.js';
import { type Dec, ZERO } from '../decimal.js';
import type { CheckContext, ViolationSink } from '../engine/context.js';
import type { OrderFacts } from '../engine/order-facts.js';

/**
 * Margin allowance pools (Kraken "Margin allowance limits"): an allowance is per currency and totals everything
 * borrowed from that currency's pool: open positions + open margin orders + the guard's in-flight reservations.
 * A long borrows the quote (volume × price), a short the base (volume), counted in the pool's own currency.
 * Refused iff usage + amount > allowance. Reads one aggregate: no scan of positions.
 */
export function marginAllowanceRule(facts: OrderFacts, ctx: CheckContext, out: ViolationSink): void {
  const borrow = facts.borrow;
  if (!facts.opening || borrow === undefined || borrow.pool === undefined) return;
  const pool = borrow.pool;
  const row = ctx.rules.table.rowOf(pool);
  const usage = ctx.state.exposure.pool(pool);
  const replaced = facts.replacing?.exposure.pool === pool ? facts.replacing.exposure.borrow : ZERO;
  const before = usage.total.minus(replaced);
  const after = before.plus(borrow.amount);
  if (after.lte(row.allowance)) return;
  const long = facts.side === 'buy';
  const unlisted = ctx.rules.table.has(pool) ? '' : ` (${pool} is not in the allowance table: allowance 0)`;
  out.push({
    rule: 'margin-allowance',
    code: KRAKEN_CODES.marginAllowanceExceeded,
    message:
      `${long ? 'long' : 'short'} ${facts.remaining.toFixed()} ${facts.pair.altname} borrows ${borrow.amount.toFixed()} ${pool} ` +
      `(a ${long ? 'long borrows the quote' : 'short borrows the base'} currency); ${pool} pool usage ${before.toFixed()} ` +
      `(positions ${usage.positions.toFixed()}, orders ${usage.orders.minus(replaced).toFixed()}) + ${borrow.amount.toFixed()} = ` +
      `${after.toFixed()} ${pool} exceeds the ${pool} allowance ${row.allowance.toFixed()}${unlisted}; headroom ${headroom(row.allowance, before)}`,
    limit: row.allowance.toFixed(),
    requested: after.toFixed(),
    currency: pool,
  });
}

function headroom(allowance: Dec, used: Dec): string {
  const left = allowance.minus(used);
  return left.isNegative() ? '0' : left.toFixed();
}
