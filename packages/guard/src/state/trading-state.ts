/**
 * The kill switch. ACTIVE: everything the rules allow. REDUCING: only orders that reduce an open position.
 * HALTED: nothing (cancels always pass). Settable at run time with `guard.setTradingState()`.
 */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
/** A state of the kill switch: one of {@link TRADING_STATES}. */
export type TradingState = (typeof TRADING_STATES)[number];

/** True when `value` is one of {@link TRADING_STATES}. */
export function isTradingState(value: unknown): value is TradingState {
  return typeof value === 'string' && (TRADING_STATES as readonly string[]).includes(value);
}
