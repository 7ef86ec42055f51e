import { ValidationError } from '../errors/validation-error.js';

/** The largest leverage the grammar reads (Kraken offers single digits; anything beyond is a typo). */
const MAX_LEVERAGE = 999;
const LEVERAGE_TEXT = /^([1-9]\d{0,2})(?::1)?$/;

/**
 * The one leverage grammar of krakenkit (client, guard and runner read leverage only through it): `"none"` (spot),
 * or an integer of at least 2 written as a number (`5`), as text (`"5"`) or as Kraken writes it back in
 * OpenOrders (`"5:1"`). Answers the integer, or `"none"`; anything else throws a {@link ValidationError}.
 */
export function parseLeverage(field: string, value: unknown): number | 'none' {
  if (value === 'none') return 'none';
  let parsed = Number.NaN;
  if (typeof value === 'number') parsed = Number.isSafeInteger(value) ? value : Number.NaN;
  else if (typeof value === 'string') {
    const match = LEVERAGE_TEXT.exec(value);
    if (match?.[1] !== undefined) parsed = Number(match[1]);
  }
  if (parsed >= 2 && parsed <= MAX_LEVERAGE) return parsed;
  throw new ValidationError(field, value, '"none" or an integer of at least 2, e.g. 5, "5" or "5:1"');
}
