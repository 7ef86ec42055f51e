import { describeValue } from '../describe.js';
import type { Side } from '../intent.js';
import type { PairInfo } from '../pairs/pair-info.js';

/** How an order asked for margin: REST `leverage` (a number) or WS v2 `margin: true` (the pair's maximum). */
export type LeverageRequest =
  | { kind: 'none' }
  | { kind: 'rest'; value: number }
  | { kind: 'ws-max' }
  | { kind: 'invalid'; text: string };

const LEVERAGE_TEXT = /^(\d+)(?::1)?$/;

/** Reads Kraken's leverage forms: `"5"`, `"5:1"`, `5`, `"none"`. */
export function parseLeverage(
  leverage: string | number | undefined,
  margin: boolean | undefined,
): LeverageRequest {
  if (leverage === undefined || leverage === 'none')
    return margin === true ? { kind: 'ws-max' } : { kind: 'none' };
  if (typeof leverage === 'number') {
    return Number.isInteger(leverage) && leverage > 0
      ? { kind: 'rest', value: leverage }
      : { kind: 'invalid', text: describeValue(leverage) };
  }
  if (typeof leverage !== 'string') return { kind: 'invalid', text: describeValue(leverage) };
  const match = LEVERAGE_TEXT.exec(leverage.trim());
  const value = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return value > 0 ? { kind: 'rest', value } : { kind: 'invalid', text: describeValue(leverage) };
}

/** The leverage values the pair offers for a side (AssetPairs leverage_buy / leverage_sell). */
export function offeredLeverage(pair: PairInfo, side: Side): readonly number[] {
  return side === 'buy' ? pair.leverageBuy : pair.leverageSell;
}

/** The pair's maximum leverage for the side, or undefined when the side offers no margin. */
export function maxOffered(pair: PairInfo, side: Side): number | undefined {
  const offered = offeredLeverage(pair, side);
  let max: number | undefined;
  for (const value of offered) if (max === undefined || value > max) max = value;
  return max;
}
