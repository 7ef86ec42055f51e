import type { Account } from '../../accounts/account.js';
import type { ExchangeContext } from '../../context.js';
import type { Decimal } from '../../core/decimal.js';
import { JsonText } from '../../request.js';

/**
 * Balance answers as text. Balances change far less often than bots poll them, and a balance is an immutable
 * Decimal that is replaced when it changes: an account's answer is kept while its balances are the very same
 * Decimals, in the same order, and rebuilt the first time one differs.
 */

/** An amount's fixed-point text, per Decimal (with the places it was written with). */
const AMOUNT_TEXT = new WeakMap<Decimal, { decimals: number; text: string }>();

export function amountText(amount: Decimal, decimals: number): string {
  const known = AMOUNT_TEXT.get(amount);
  if (known !== undefined && known.decimals === decimals) return known.text;
  const text = amount.toFixed(decimals);
  AMOUNT_TEXT.set(amount, { decimals, text });
  return text;
}

interface BalanceAnswer {
  assets: string[];
  amounts: Decimal[];
  json: JsonText;
}

const ANSWERS = new WeakMap<Account, BalanceAnswer>();

/** The Balance result (`{ asset: "amount" }`, each at its asset's decimals) as JSON text. */
export function balanceJson(ctx: ExchangeContext, account: Account): JsonText {
  const known = ANSWERS.get(account);
  if (known !== undefined && sameBalances(known, account.balances)) return known.json;
  const assets: string[] = [];
  const amounts: Decimal[] = [];
  const result: Record<string, string> = {};
  for (const [asset, amount] of account.balances) {
    assets.push(asset);
    amounts.push(amount);
    result[asset] = amountText(amount, decimalsOf(ctx, asset));
  }
  const answer = { assets, amounts, json: new JsonText(JSON.stringify(result)) };
  ANSWERS.set(account, answer);
  return answer.json;
}

export function decimalsOf(ctx: ExchangeContext, asset: string): number {
  return ctx.catalog.findAsset(asset)?.decimals ?? 10;
}

function sameBalances(known: BalanceAnswer, balances: ReadonlyMap<string, Decimal>): boolean {
  if (known.assets.length !== balances.size) return false;
  let i = 0;
  for (const [asset, amount] of balances) {
    if (known.assets[i] !== asset || known.amounts[i] !== amount) return false;
    i += 1;
  }
  return true;
}
