import type { Account } from '../accounts/account.js';
import { post } from '../accounts/ledger.js';
import type { WithdrawalRecord } from '../accounts/records.js';
import { type ExchangeContext, tierOf } from '../context.js';
import { type Decimal, maxDec, minDec, ZERO } from '../core/decimal.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { Asset } from '../market/pairs.js';
import { holds } from '../orders/funds.js';

const DAY_MS = 24 * 3600 * 1000;

export interface WithdrawRequest {
  asset: string;
  key: string;
  amount: Decimal;
  address: string | undefined;
  maxFee: Decimal | undefined;
}

/** The withdrawal key named by a request, for this asset (`EFunding:Unknown withdraw key` otherwise). */
export function withdrawalKey(ctx: ExchangeContext, account: Account, assetName: string, keyName: string) {
  const asset = ctx.catalog.findAsset(assetName);
  if (asset === undefined) throw new KrakenRejection(E.unknownFundingAsset);
  const key = account.withdrawalKeys.get(keyName);
  if (key === undefined || ctx.catalog.findAsset(key.asset)?.id !== asset.id) {
    throw new KrakenRejection(E.unknownWithdrawKey);
  }
  return { asset, key };
}

/** The amount (fee included) must leave at least the asset's minimum once the fee is taken. */
export function checkWithdrawAmount(asset: Asset, amount: Decimal): void {
  const fee = asset.withdrawFee;
  if (amount.lessThanOrEqualTo(fee) || amount.minus(fee).lessThan(asset.withdrawMinimum)) {
    throw new KrakenRejection(E.invalidFundingAmount);
  }
}

/** USD withdrawn in the rolling 24 hours before `now` (the tier limit window). */
export function withdrawnUsd24h(account: Account, now: number): Decimal {
  return account.withdrawals
    .filter((w) => w.time > now - DAY_MS && w.status !== 'Failure')
    .reduce((sum, w) => sum.plus(w.usdValue), ZERO);
}

/** Largest amount (fee included) withdrawable now: available balance and the tier's rolling USD limit. */
export function withdrawLimit(ctx: ExchangeContext, account: Account, asset: Asset, now: number): Decimal {
  const available = account.balance(asset.id).minus(holds(ctx, account, now).get(asset.id) ?? ZERO);
  const usdLeft = tierOf(ctx, account).withdrawalDailyUsd.minus(withdrawnUsd24h(account, now));
  const price = ctx.markets.usdPrice(asset.id);
  const byTier = price === undefined || price.isZero() ? ZERO : usdLeft.div(price);
  return maxDec(ZERO, minDec(available, byTier));
}

/**
 * Withdraw: only to a named withdrawal key of the account; the amount includes the asset's fee; checked against
 * the available balance and the tier's rolling 24-hour USD limit. Settles (Initial → Success) later on the
 * exchange clock.
 */
export function withdraw(
  ctx: ExchangeContext,
  account: Account,
  request: WithdrawRequest,
  now: number,
): WithdrawalRecord {
  const { asset, key } = withdrawalKey(ctx, account, request.asset, request.key);
  if (request.address !== undefined && request.address !== key.address) {
    throw new KrakenRejection(ctx.errors.withdrawalAddressMismatch);
  }
  const fee = asset.withdrawFee;
  checkWithdrawAmount(asset, request.amount);
  if (request.maxFee !== undefined && fee.greaterThan(request.maxFee))
    throw new KrakenRejection(E.maxFeeExceeded);
  const available = account.balance(asset.id).minus(holds(ctx, account, now).get(asset.id) ?? ZERO);
  if (request.amount.greaterThan(available))
    throw new KrakenRejection(ctx.errors.withdrawalInsufficientFunds);
  const usdValue = ctx.markets.usdValue(asset.id, request.amount);
  if (withdrawnUsd24h(account, now).plus(usdValue).greaterThan(tierOf(ctx, account).withdrawalDailyUsd)) {
    throw new KrakenRejection(ctx.errors.withdrawalLimit);
  }
  const record: WithdrawalRecord = {
    refid: ctx.ids.next('F'),
    asset: asset.id,
    key: request.key,
    address: key.address,
    method: key.method ?? asset.method,
    amount: request.amount,
    fee,
    usdValue,
    time: now,
    status: 'Initial',
    txid: ctx.ids.opaque(32).toLowerCase(),
  };
  account.withdrawals.push(record);
  post(ctx, account, {
    refid: record.refid,
    type: 'withdrawal',
    asset: asset.id,
    amount: request.amount.minus(fee).negated(),
    fee,
    time: now,
  });
  ctx.scheduler.schedule(now + ctx.settings.withdrawalSettleSeconds * 1000, () => {
    if (record.status === 'Initial') record.status = 'Success';
  });
  return record;
}

/** WithdrawCancel: only a withdrawal still in `Initial` can be cancelled; the funds come back. */
export function cancelWithdrawal(
  ctx: ExchangeContext,
  account: Account,
  assetName: string,
  refid: string,
  now: number,
): boolean {
  const record = account.withdrawals.find(
    (w) => w.refid === refid && w.asset === ctx.catalog.findAsset(assetName)?.id,
  );
  if (record === undefined) throw new KrakenRejection(E.unknownFundingReference);
  if (record.status !== 'Initial') return false;
  record.status = 'Failure';
  post(ctx, account, {
    refid,
    type: 'withdrawal',
    subtype: 'cancel',
    asset: record.asset,
    amount: record.amount,
    time: now,
  });
  return true;
}
