import { PERMISSIONS } from '@krakenkit/client';
import { describeValue } from '@krakenkit/core';
import { GUARD_CODES } from '../codes.js';
import { type Dec, toDecimal, toOptionalDecimal } from '../decimal.js';
import { type CheckContext, freshPrice, type ViolationSink } from '../engine/context.js';
import type { WithdrawIntent } from '../intent.js';
import { withdrawalTradingStateRule } from './trading-state.js';

/** A withdrawal as the reservation records it. */
export interface WithdrawalFacts {
  currency: string;
  amount: Dec;
  usd: Dec | undefined;
}

// A key that can place or cancel orders is a trading key; withdrawing through it mixes duties (and widens the
// damage of a leaked trading key), so the guard refuses.
const TRADING_PERMISSIONS: ReadonlySet<string> = new Set([
  'trades_modify',
  'trades_close',
  PERMISSIONS.trades_modify,
  PERMISSIONS.trades_close,
]);

/**
 * Withdrawals: only to allow-listed withdrawal key names; never through an API key declared for trading; the
 * rolling 24-hour USD value across assets within the tier's daily limit (Starter $5,000, Intermediate $500,000,
 * Pro $10,000,000, or lower when configured), priced with a supplied or tracked USD price (missing → refused);
 * never above WithdrawInfo's `limit` when known, nor above the known balance.
 */
export function withdrawalRule(intent: WithdrawIntent, ctx: CheckContext, out: ViolationSink) {
  withdrawalTradingStateRule(ctx, out);
  keyRules(intent, ctx, out);
  const amount = readAmount('amount', intent.amount, out, true);
  const usdPrice = readAmount('usdPrice', intent.usdPrice, out, false);
  const infoLimit = readAmount('infoLimit', intent.infoLimit, out, false);
  if (amount === undefined) return undefined;
  const currency = ctx.rules.table.currencyOf(intent.asset);
  const price = usdPrice ?? usdPriceOf(currency, ctx);
  const usd = price?.times(amount);
  if (usd === undefined) {
    out.push({
      rule: 'withdrawal',
      code: GUARD_CODES.missingReferencePrice,
      message: `no USD price is known for ${currency}, so the daily USD limit cannot be checked: pass usdPrice or call guard.setUsdPrice()`,
      field: 'usdPrice',
    });
  } else {
    dailyLimit(usd, amount, currency, ctx, out);
  }
  amountLimits(amount, infoLimit, currency, ctx, out);
  return { currency, amount, usd } satisfies WithdrawalFacts;
}

function keyRules(intent: WithdrawIntent, ctx: CheckContext, out: ViolationSink): void {
  const policy = ctx.rules.withdrawal;
  if (!policy.allowedKeys.has(intent.key)) {
    const allowed = policy.allowedKeys.size === 0 ? 'none configured' : [...policy.allowedKeys].join(', ');
    out.push({
      rule: 'withdrawal',
      code: GUARD_CODES.withdrawalKeyNotAllowed,
      message: `withdrawal key ${describeValue(intent.key)} is not in withdrawal.allowedKeys (${allowed})`,
      field: 'key',
    });
  }
  const apiKey: unknown = intent.apiKey;
  if (typeof apiKey === 'object' && apiKey !== null) tradingKeyRule(apiKey, ctx, out);
  else if (policy.requireApiKey) {
    out.push({
      rule: 'withdrawal',
      code: GUARD_CODES.withdrawalUnknownApiKey,
      message:
        'the API key this withdrawal would go through is not stated, so it cannot be shown not to be a trading key',
      field: 'apiKey',
    });
  }
}

function tradingKeyRule(
  apiKey: { name?: unknown; permissions?: unknown },
  ctx: CheckContext,
  out: ViolationSink,
) {
  // Permissions that cannot be read count as trading ones: fail closed.
  const permissions: readonly unknown[] = Array.isArray(apiKey.permissions)
    ? apiKey.permissions
    : ['unreadable'];
  const trading = permissions.find((p) => typeof p !== 'string' || TRADING_PERMISSIONS.has(p));
  const name = typeof apiKey.name === 'string' ? apiKey.name : describeValue(apiKey.name);
  if (trading === undefined && !ctx.rules.withdrawal.tradingKeyNames.has(name)) return;
  const why =
    trading === undefined
      ? 'it is listed in withdrawal.tradingKeyNames'
      : `it declares ${describeValue(trading)}`;
  out.push({
    rule: 'withdrawal',
    code: GUARD_CODES.withdrawalViaTradingKey,
    message: `API key "${name}" is declared for trading (${why}): withdrawals must use a separate withdrawal key`,
    field: 'apiKey',
  });
}

function dailyLimit(usd: Dec, amount: Dec, currency: string, ctx: CheckContext, out: ViolationSink): void {
  const limit = ctx.rules.withdrawal.dailyUsd;
  const recent = ctx.state.withdrawals.usdSince(ctx.now);
  const after = recent.plus(usd);
  if (after.lte(limit)) return;
  out.push({
    rule: 'withdrawal',
    code: GUARD_CODES.withdrawalDailyLimit,
    message: `withdrawals in the last 24 h total ${recent.toFixed()} USD; this ${amount.toFixed()} ${currency} ≈ ${usd.toFixed()} USD would make ${after.toFixed()} USD, above the ${ctx.rules.tier.name} daily limit ${limit.toFixed()} USD`,
    limit: limit.toFixed(),
    requested: after.toFixed(),
    currency: 'USD',
    field: 'amount',
  });
}

function amountLimits(
  amount: Dec,
  infoLimit: Dec | undefined,
  currency: string,
  ctx: CheckContext,
  out: ViolationSink,
) {
  if (infoLimit !== undefined && amount.gt(infoLimit)) {
    out.push({
      rule: 'withdrawal',
      code: GUARD_CODES.withdrawalInfoLimit,
      message: `amount ${amount.toFixed()} ${currency} is above WithdrawInfo's limit ${infoLimit.toFixed()} ${currency}`,
      limit: infoLimit.toFixed(),
      requested: amount.toFixed(),
      currency,
      field: 'amount',
    });
  }
  const balance = ctx.state.balances.get(currency);
  if (balance !== undefined && amount.gt(balance)) {
    out.push({
      rule: 'withdrawal',
      code: GUARD_CODES.insufficientBalance,
      message: `amount ${amount.toFixed()} ${currency} is above the known balance ${balance.toFixed()} ${currency}`,
      limit: balance.toFixed(),
      requested: amount.toFixed(),
      currency,
      field: 'amount',
    });
  }
}

function usdPriceOf(currency: string, ctx: CheckContext): Dec | undefined {
  if (ctx.rules.withdrawal.usdPegged.has(currency)) return toDecimal('usdPrice', '1');
  return freshPrice(ctx, ctx.state.usdPrices.get(currency));
}

function readAmount(field: string, value: unknown, out: ViolationSink, required: boolean): Dec | undefined {
  try {
    return required ? toDecimal(field, value) : toOptionalDecimal(field, value);
  } catch (error) {
    out.push({ rule: 'intent', code: GUARD_CODES.invalidIntent, message: (error as Error).message, field });
    return undefined;
  }
}
