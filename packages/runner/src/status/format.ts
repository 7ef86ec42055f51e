import { Decimal } from '@krakenkit/core';

/** `12345.678` → `12,345.68` (thousands separators, `dp` decimals). Display only: money stays Decimal. */
export function amount(value: Decimal | string, dp = 2): string {
  const fixed = new Decimal(value).toFixed(dp);
  const [whole = '0', fraction] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Like {@link amount} with a `+` on positive values. */
export function signed(value: Decimal, dp = 2): string {
  return value.gt(0) ? `+${amount(value, dp)}` : amount(value, dp);
}

/** Decimals worth showing for an amount in a currency: 2 for fiat-sized values, up to 8 for small crypto ones. */
export function smart(value: Decimal | string): string {
  const decimal = new Decimal(value);
  if (decimal.abs().gte(1000)) return amount(decimal, 0);
  return decimal.abs().gte(1) ? amount(decimal, 2) : decimal.toDecimalPlaces(8).toFixed();
}

/** `[████░░░░░░] 40%`. */
export function bar(ratio: number, width = 20): string {
  const clamped = Math.max(0, Math.min(1, ratio));
  const full = Math.round(clamped * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${Math.round(clamped * 100)}%`;
}

/** `14:03:07`. */
export function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}
