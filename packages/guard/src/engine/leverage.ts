import { describeValue, parseLeverage } from '@krakenkit/core';
import type { Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';

/** How an order asked for margin: REST `leverage` (a number) or WS v2 `margin: true` (the pair's maximum). */
export type LeverageRequest =
  | { kind: 'none' }
  | { kind: 'rest'; value: number }
  | { kind: 'ws-max' }
  | { kind: 'invalid'; text: string };

const NO_LEVERAGE: LeverageRequest = Object.freeze({ kind: 'none' });
const WS_MAX: LeverageRequest = Object.freeze({ kind: 'ws-max' });

/** A validated order's leverage (core's parseLeverage already read it): a number, `"none"` or absent. */
export function leverageOf(leverage: number | 'none' | undefined): LeverageRequest {
  return typeof leverage === 'number' ? { kind: 'rest', value: leverage } : NO_LEVERAGE;
}

/** A validated WebSocket order's margin: v2 has no numeric leverage, `margin: true` is the pair's maximum. */
export function wsLeverageOf(margin: boolean | undefined): LeverageRequest {
  return margin === true ? WS_MAX : NO_LEVERAGE;
}

/**
 * Reads an intent's leverage with core's one grammar (the client's too): `5`, `"5"`, `"5:1"` or `"none"`; WS v2
 * `margin: true` without one means the pair's maximum. Anything else is `invalid` (the tier rule refuses it).
 */
export function readLeverage(leverage: unknown, margin: boolean | undefined): LeverageRequest {
  if (leverage === undefined) return margin === true ? WS_MAX : NO_LEVERAGE;
  try {
    const value = parseLeverage('leverage', leverage);
    if (value !== 'none') return { kind: 'rest', value };
    return margin === true ? WS_MAX : NO_LEVERAGE;
  } catch {
    return { kind: 'invalid', text: describeValue(leverage) };
  }
}

/** The leverage values the pair offers for a side (AssetPairs leverage_buy / leverage_sell). */
export function offeredLeverage(pair: GuardPair, side: Side): readonly number[] {
  return side === 'buy' ? pair.leverageBuy : pair.leverageSell;
}

/** The pair's maximum leverage for the side, or undefined when the side offers no margin. */
export function maxOffered(pair: GuardPair, side: Side): number | undefined {
  const offered = offeredLeverage(pair, side);
  let max: number | undefined;
  for (const value of offered) if (max === undefined || value > max) max = value;
  return max;
}
