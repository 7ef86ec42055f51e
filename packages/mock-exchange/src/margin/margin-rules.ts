import type { Account } from '../accounts/account.js';
import { type ExchangeContext, tierOf } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import type { OrderDraft } from '../orders/draft.js';
import type { MarginRole, Order, Side } from '../orders/order.js';
import { remaining } from '../orders/order.js';
import { collateralUsd, initialMarginUsd } from './collateral.js';
import { accountUsage, exchangeUsage, newBorrowing } from './pool-usage.js';
import { openVolume } from './position.js';

/**
 * The margin rules of docs/kraken/margin-rules.md, applied to a new (or amended/edited) order. Returns the
 * order's margin role (`undefined` for spot). `exclude` is the order being replaced, left out of every usage sum.
 * Order of checks: reduce-only market → leverage offered by the pair → tier eligibility and max leverage →
 * reduce_only flag → opposing position → allowance → position size → exchange pool → margin level.
 */
export function checkMarginRules(
  ctx: ExchangeContext,
  account: Account,
  draft: OrderDraft,
  exclude?: Order,
): MarginRole | undefined {
  const { pair, request, volume } = draft;
  const isMargin = request.leverage !== undefined || request.reduceOnly;
  const opposite = positionVolume(account, pair, oppositeSide(request.side));
  if (pair.status === 'reduce_only') checkReduceOnlyMarket(ctx, account, pair, isMargin, volume, opposite);
  if (!isMargin) return undefined;
  checkLeverage(ctx, account, pair, request.side, request.leverage);
  if (request.reduceOnly) {
    if (opposite.isZero()) throw new KrakenRejection(ctx.errors.reduceOnlyNoPosition);
    return 'reduce';
  }
  if (opposite.greaterThan(ZERO)) {
    if (volume.greaterThan(opposite)) throw new KrakenRejection(E.cannotOpenOpposing);
    return 'reduce';
  }
  checkAllowance(ctx, account, draft, exclude);
  checkPositionSize(account, pair, request.side, volume, exclude);
  checkExchangePool(ctx, draft, exclude);
  checkMarginLevel(ctx, account, draft, exclude);
  return 'open';
}

function oppositeSide(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** Open position volume of the account on a pair and side. */
export function positionVolume(account: Account, pair: Pair, side: Side): Decimal {
  let total = ZERO;
  for (const position of account.positions.values()) {
    if (position.pair.id === pair.id && position.side === side) total = total.plus(openVolume(position));
  }
  return total;
}

/** On a reduce-only market only a margin order opposite to an open position, no larger than it, is accepted. */
function checkReduceOnlyMarket(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  isMargin: boolean,
  volume: Decimal,
  opposite: Decimal,
): void {
  const anyPosition = [...account.positions.values()].some((p) => p.pair.id === pair.id);
  if (!anyPosition) throw new KrakenRejection(ctx.errors.reduceOnlyNoPosition);
  if (!isMargin || opposite.isZero() || volume.greaterThan(opposite)) {
    throw new KrakenRejection(ctx.errors.reduceOnlyCannotIncrease);
  }
}

function checkLeverage(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  side: Side,
  leverage: number | undefined,
): void {
  // A reduce_only order without leverage is not a margin order (docs/kraken/margin-rules.md): the tier rule is not
  // its concern; the reduce_only rule answers it (a Starter account never holds a position to reduce).
  if (leverage === undefined) return;
  const offered = side === 'buy' ? pair.leverageBuy : pair.leverageSell;
  if (!offered.includes(leverage)) throw invalidArgument('leverage');
  const tier = tierOf(ctx, account);
  if (!tier.margin) throw new KrakenRejection(E.cannotOpenPosition);
  if (leverage > tier.maxLeverage) throw invalidArgument('leverage');
}

function checkAllowance(ctx: ExchangeContext, account: Account, draft: OrderDraft, exclude?: Order): void {
  const { asset, amount } = newBorrowing(draft.pair, draft.request.side, draft.volume, draft.referencePrice);
  const entry = ctx.allowances.entry(asset, account.tier);
  // Fiat allowances limit longs only: a short of a fiat base (EUR/USD short borrows EUR) is not limited.
  if (entry?.fiat && draft.request.side === 'sell') return;
  const allowance = entry?.allowance ?? ZERO;
  const usage = accountUsage(ctx, account, ctx.allowances.currencyOf(asset), exclude);
  if (usage.plus(amount).greaterThan(allowance)) throw new KrakenRejection(E.marginAllowance);
}

function checkPositionSize(account: Account, pair: Pair, side: Side, volume: Decimal, exclude?: Order): void {
  const limit = side === 'buy' ? pair.longPositionLimit : pair.shortPositionLimit;
  if (limit === undefined) return;
  let total = positionVolume(account, pair, side).plus(volume);
  for (const order of account.openOrders()) {
    if (
      order !== exclude &&
      order.marginRole === 'open' &&
      order.pair.id === pair.id &&
      order.side === side
    ) {
      total = total.plus(remaining(order));
    }
  }
  if (total.greaterThan(limit)) throw new KrakenRejection(E.marginPositionSize);
}

function checkExchangePool(ctx: ExchangeContext, draft: OrderDraft, exclude?: Order): void {
  const { asset, amount } = newBorrowing(draft.pair, draft.request.side, draft.volume, draft.referencePrice);
  const currency = ctx.allowances.currencyOf(asset);
  const liquidity = ctx.marginLiquidity.get(currency);
  if (liquidity === undefined) return;
  if (exchangeUsage(ctx, currency, exclude).plus(amount).greaterThan(liquidity)) {
    throw new KrakenRejection(E.insufficientMargin);
  }
}

function checkMarginLevel(ctx: ExchangeContext, account: Account, draft: OrderDraft, exclude?: Order): void {
  const leverage = draft.request.leverage ?? 1;
  const newMargin = ctx.markets.usdValue(
    draft.pair.quote,
    draft.volume.times(draft.referencePrice).div(leverage),
  );
  const required = initialMarginUsd(ctx, account, exclude).plus(newMargin);
  if (collateralUsd(ctx, account).lessThan(required)) throw new KrakenRejection(E.marginLevelTooLow);
}
