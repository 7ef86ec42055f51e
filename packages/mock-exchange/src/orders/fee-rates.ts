import type { Account } from '../accounts/account.js';
import { feeTierFor } from '../config/fees.js';
import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';

/** Maker and taker fee, percent, for the account's rolling 30-day volume (data/fees.yaml in @krakenkit/core). */
export function feeRates(
  ctx: ExchangeContext,
  account: Account,
  now: number,
): { maker: Decimal; taker: Decimal } {
  const { tier } = feeTierFor(ctx.fees, account.volume30d(now));
  return { maker: tier.maker, taker: tier.taker };
}
