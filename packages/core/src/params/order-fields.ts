import { ValidationError } from '../errors/validation-error.js';
import type { Decimal } from '../money/decimal.js';
import { toDecimal, toWireDecimal } from '../money/decimal-text.js';
import { ORDER_FLAGS, type OrderFlag } from '../orders/order-types.js';
import type { Converter } from './wire-builder.js';

const LONG_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SHORT_UUID = /^[0-9a-fA-F]{32}$/;
/** Free-form client ids: 1–18 printable ASCII characters (no spaces, so they survive logs and CSV). */
const FREE_TEXT_ID = /^[\x21-\x7e]{1,18}$/;

/** Kraken's three `cl_ord_id` formats: a 36-char UUID, a 32-hex UUID, or up to 18 ASCII characters. */
export function toClOrdId(field: string, value: unknown): string {
  if (
    typeof value === 'string' &&
    (LONG_UUID.test(value) || SHORT_UUID.test(value) || FREE_TEXT_ID.test(value))
  ) {
    return value;
  }
  throw new ValidationError(
    field,
    value,
    'a UUID, 32 hex characters, or at most 18 printable ASCII characters',
  );
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** `userref`: a signed 32-bit integer (number or its decimal text). */
export function toUserref(field: string, value: unknown): number {
  const parsed = typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < INT32_MIN || parsed > INT32_MAX) {
    throw new ValidationError(field, value, 'a 32-bit signed integer');
  }
  return parsed;
}

/** `oflags` as an array (or comma text) of known flags, no duplicates, `fcib` and `fciq` not both. */
export function toOrderFlags(field: string, value: unknown): OrderFlag[] {
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ValidationError(field, value, `a list of order flags (${ORDER_FLAGS.join(', ')})`);
  }
  const flags: OrderFlag[] = [];
  for (const flag of raw as unknown[]) {
    if (typeof flag !== 'string' || !(ORDER_FLAGS as readonly string[]).includes(flag)) {
      throw new ValidationError(field, flag, `one of ${ORDER_FLAGS.join(', ')}`);
    }
    if (flags.includes(flag as OrderFlag)) throw new ValidationError(field, flag, 'each flag at most once');
    flags.push(flag as OrderFlag);
  }
  if (flags.includes('fcib') && flags.includes('fciq')) {
    throw new ValidationError(
      field,
      'fcib,fciq',
      'fcib or fciq, not both (fee currency is one or the other)',
    );
  }
  return flags;
}

/**
 * `starttm`/`expiretm`: `'0'` (now / never), a unix time, or `'+<n>'` seconds from now. Sent as text; the
 * encoder turns `+` into `%2B` so it is not read as a space.
 */
export function timeSpec(options: { minRelativeSeconds: number }): Converter<string> {
  return (field, value) => {
    const text =
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
    if (typeof text === 'string') {
      if (/^\d{1,12}$/.test(text)) return text;
      const relative = /^\+(\d{1,9})$/.exec(text);
      if (relative && Number(relative[1]) >= options.minRelativeSeconds) return text;
    }
    throw new ValidationError(
      field,
      value,
      `"0", a unix time in seconds, or "+<seconds>" (at least +${options.minRelativeSeconds})`,
    );
  };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * RFC 3339 text naming a real time. `Date.parse` refuses a 13th month, a 32nd day or a 60th minute, but rolls
 * `02-30` (or `02-29` of a common year) over into March and takes `24:00:00`: neither is an RFC 3339 time.
 */
function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null || !Number.isFinite(Date.parse(text))) return false;
  const [year, month, day, hour] = match.slice(1).map(Number) as [number, number, number, number];
  return day <= daysIn(year, month) && hour <= 23;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `deadline`: an RFC 3339 time (or a Date, written in UTC). Kraken requires it between now + 2 s and now + 60 s;
 * that window depends on the clock at send time, so it is Kraken's to enforce, not this pure check's.
 */
export function toDeadline(field: string, value: unknown): string {
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && isRfc3339(value)) return value;
  throw new ValidationError(field, value, 'an RFC 3339 time such as "2026-01-01T00:00:00.000Z" or a Date');
}

/**
 * Which price forms a field accepts.
 * - `absolute`: a positive decimal only.
 * - `relative`: absolute, or an offset from the last price: `+5`, `-5`, `#5` (side chosen by Kraken), `%` suffix.
 * - `signed-relative`: absolute, or `+`/`-` offsets (AmendOrder: no `#`).
 * - `plus-relative`: must be a `+` offset (trailing-stop trigger distance).
 * - `signed-offset`: must be a `+` or `-` offset (trailing-stop-limit limit offset).
 */
export type PriceForm = 'absolute' | 'relative' | 'signed-relative' | 'plus-relative' | 'signed-offset';

const RELATIVE_PRICE = /^([+#-])(\d+(?:\.\d+)?)(%?)$/;

/** Validates a price and returns its wire text (absolute prices through {@link toWireDecimal}). */
export function price(form: PriceForm): Converter<string> {
  return (field, value) => offsetText(field, value, form) ?? toWireDecimal(field, value);
}

/**
 * Validates a price once for a validated order: an absolute price as a Decimal of the shared configuration,
 * an offset from the last price (`+5`, `-1.5%`, `#2`) as its checked text.
 */
export function priceOrOffset(form: PriceForm): Converter<Decimal | string> {
  return (field, value) => offsetText(field, value, form) ?? toDecimal(field, value);
}

/** The offset text when `value` is an offset the form allows; undefined for an absolute price (checked by the caller). */
function offsetText(field: string, value: unknown, form: PriceForm): string | undefined {
  // Only text starting with `+`, `-` or `#` can be an offset: an absolute price skips the pattern.
  const relative =
    typeof value === 'string' && isOffsetSign(value.charCodeAt(0)) ? RELATIVE_PRICE.exec(value) : null;
  if (relative === null) {
    if (form === 'plus-relative' || form === 'signed-offset') {
      throw new ValidationError(field, value, expectedPrice(form));
    }
    return undefined;
  }
  const [, prefix, amount = '', percent] = relative;
  if (!relativeAllowed(form, prefix ?? '')) throw new ValidationError(field, value, expectedPrice(form));
  if (/^0+(?:\.0+)?$/.test(amount) || amount.length > 32) {
    throw new ValidationError(field, value, 'a non-zero offset of at most 32 characters');
  }
  return `${prefix}${amount}${percent}`;
}

function isOffsetSign(code: number): boolean {
  return code === 43 || code === 45 || code === 35; // + - #
}

function relativeAllowed(form: PriceForm, prefix: string): boolean {
  switch (form) {
    case 'absolute':
      return false;
    case 'relative':
      return true;
    case 'signed-relative':
    case 'signed-offset':
      return prefix === '+' || prefix === '-';
    case 'plus-relative':
      return prefix === '+';
  }
}

function expectedPrice(form: PriceForm): string {
  switch (form) {
    case 'absolute':
      return 'a positive decimal string such as "37500.5"';
    case 'relative':
      return 'a positive decimal, or an offset like "+5", "-1.5%" or "#2"';
    case 'signed-relative':
      return 'a positive decimal, or an offset like "+5" or "-1.5%"';
    case 'plus-relative':
      return 'a "+" offset such as "+50" or "+1.5%" (trailing stops)';
    case 'signed-offset':
      return 'a "+" or "-" offset such as "+10" or "-0.5%" (trailing-stop limit offset)';
  }
}
