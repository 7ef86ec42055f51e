import { KRAKENKIT_CODES } from '../errors/codes.js';
import { ValidationError } from '../errors/validation-error.js';
import { asSharedDecimal, DECIMAL_CONFIG, Decimal, type DecimalInput } from './decimal.js';
import { decimalFromPlainText } from './plain-decimal.js';

/** Options for {@link toWireDecimal} and {@link toDecimal}. */
export interface WireDecimalOptions {
  /** The smallest accepted value (inclusive). Checked after the sign and zero rules. */
  min?: DecimalInput;
  /** Accept `0` (default false: quantities and prices are positive). */
  allowZero?: boolean;
  /** Accept negative values (default false). */
  allowNegative?: boolean;
  /** The most digits accepted after the point (e.g. a pair's `lot_decimals`). Unlimited by default. */
  maxDecimals?: number;
  /**
   * The longest accepted text, sign and point included: guards against pathological inputs. Default 64 for text,
   * 130 for a Decimal (64 significant digits on either side of the point).
   */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 64;
/**
 * A Decimal made with the shared configuration holds up to 64 significant digits (a fill's average price, cost ÷
 * volume, uses them all), so its plain text may pass 64 characters; this bound leaves room for those digits on
 * either side of the point and refuses only absurd exponents (`1e400`), whose text would be huge.
 */
const DECIMAL_INPUT_MAX_LENGTH = 2 * DECIMAL_CONFIG.precision + 2;
/** Plain decimal text: digits, an optional fraction, no exponent, no `+`, no grouping, no spaces. */
const UNSIGNED_DECIMAL = /^\d+(?:\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * Whether `value` is plain decimal text as Kraken sends and accepts it (`"37500"`, `"1.25"`, `"0.00010000"`),
 * optionally with a leading `-`. Exponents (`"1e5"`), `"+1"`, `".5"`, `"1."`, spaces and commas are not.
 */
export function isDecimalString(value: unknown, options: { allowNegative?: boolean } = {}): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > DEFAULT_MAX_LENGTH) return false;
  return (options.allowNegative ? SIGNED_DECIMAL : UNSIGNED_DECIMAL).test(value);
}

/**
 * Validates a money or quantity value and returns the exact decimal text to send (never exponent notation).
 * A string that is already valid comes back unchanged (trailing zeros kept); a `Decimal` is written with
 * `toFixed()`. Numbers, NaN, Infinity, exponent strings, empty or oversized text, and negative or zero values
 * (unless allowed) throw a {@link ValidationError} naming `field` and the value.
 */
export function toWireDecimal(field: string, value: unknown, options: WireDecimalOptions = {}): string {
  const text = decimalText(field, value, options.maxLength);
  checkRange(field, text, new Decimal(text), options);
  return text;
}

/** Like {@link toWireDecimal}, but `undefined` stays `undefined` (an optional field left out). */
export function toOptionalWireDecimal(
  field: string,
  value: unknown,
  options: WireDecimalOptions = {},
): string | undefined {
  return value === undefined ? undefined : toWireDecimal(field, value, options);
}

/**
 * The one money gate, answering a Decimal of the shared configuration: the same rules as {@link toWireDecimal}
 * (text or Decimal only, no exponent, sign and zero by option). A Decimal input is checked without a round trip
 * through text.
 */
export function toDecimal(field: string, value: unknown, options: WireDecimalOptions = {}): Decimal {
  if (Decimal.isDecimal(value)) {
    const shared = asSharedDecimal(boundedDecimal(field, value as Decimal, options.maxLength));
    checkRange(field, shared, shared, options);
    return shared;
  }
  if (typeof value === 'string') {
    // Plain text, the common case, is checked and split into a Decimal in one pass (see plain-decimal.ts).
    const parsed =
      value.length <= (options.maxLength ?? DEFAULT_MAX_LENGTH) ? decimalFromPlainText(value) : undefined;
    if (parsed !== undefined) {
      checkRange(field, value, parsed, options);
      return parsed;
    }
  }
  const text = decimalText(field, value, options.maxLength);
  const parsed = new Decimal(text);
  checkRange(field, text, parsed, options);
  return parsed;
}

/** Like {@link toDecimal}, but `undefined` stays `undefined` (an optional field left out). */
export function toOptionalDecimal(
  field: string,
  value: unknown,
  options: WireDecimalOptions = {},
): Decimal | undefined {
  return value === undefined ? undefined : toDecimal(field, value, options);
}

function checkRange(field: string, shown: unknown, parsed: Decimal, options: WireDecimalOptions): void {
  const text = typeof shown === 'string' ? shown : parsed.toFixed();
  if (parsed.isZero()) {
    if (!options.allowZero) throw new ValidationError(field, text, 'a decimal greater than zero');
    // Text "-0" would reach the wire with its sign where only non-negative values are meant (a Decimal's -0 is
    // written "0").
    if (parsed.isNegative() && typeof shown === 'string' && !options.allowNegative) {
      throw new ValidationError(field, text, 'a non-negative decimal');
    }
  } else if (parsed.isNegative() && !options.allowNegative) {
    throw new ValidationError(field, text, 'a non-negative decimal');
  }
  if (options.min !== undefined) {
    const min = toWireDecimal(`${field} minimum`, options.min, { allowZero: true, allowNegative: true });
    if (parsed.lessThan(min)) throw new ValidationError(field, text, `a decimal of at least ${min}`);
  }
  if (options.maxDecimals !== undefined && parsed.decimalPlaces() > options.maxDecimals) {
    throw new ValidationError(field, text, `at most ${options.maxDecimals} decimal places`);
  }
}

// Length of toFixed() text without building it: sign, integer digits (at least one), point and decimals.
function plainLength(value: Decimal): number {
  const places = value.decimalPlaces();
  const integerDigits = Math.max(1, value.e + 1);
  return (value.isNegative() ? 1 : 0) + integerDigits + (places > 0 ? places + 1 : 0);
}

/** A finite Decimal whose plain text is not absurdly long, or a ValidationError. */
function boundedDecimal(field: string, decimal: Decimal, maxLength = DECIMAL_INPUT_MAX_LENGTH): Decimal {
  if (!decimal.isFinite()) throw new ValidationError(field, decimal.toString(), 'a finite decimal');
  if (plainLength(decimal) > maxLength) {
    throw new ValidationError(field, decimal.toString(), `decimal text of at most ${maxLength} characters`);
  }
  return decimal;
}

/** Returns plain decimal text for a string or Decimal, or throws: the one gate every money input passes. */
function decimalText(field: string, value: unknown, maxLength: number | undefined): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    throw new ValidationError(field, value, 'a decimal string such as "0.25" (money is never a JS number)', {
      code: KRAKENKIT_CODES.MONEY_NOT_DECIMAL,
    });
  }
  if (typeof value === 'string') {
    const limit = maxLength ?? DEFAULT_MAX_LENGTH;
    if (value.length > limit) {
      throw new ValidationError(field, value, `decimal text of at most ${limit} characters`);
    }
    if (!SIGNED_DECIMAL.test(value)) {
      throw new ValidationError(
        field,
        value,
        'plain decimal text such as "0.25" (no exponent, sign or spaces)',
      );
    }
    return value;
  }
  if (Decimal.isDecimal(value)) return boundedDecimal(field, value as Decimal, maxLength).toFixed();
  throw new ValidationError(field, value, 'a decimal string such as "0.25" or a Decimal');
}
