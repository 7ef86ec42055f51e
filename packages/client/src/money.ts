import { Decimal } from 'decimal.js';
import { ValidationError } from './errors/index.js';

/**
 * A money or quantity value as the client accepts it: decimal text (`"0.25"`) or a decimal.js `Decimal`.
 * Never a JS number: `0.1 + 0.2` is not `0.3`, and an order must say exactly what the caller meant.
 */
export type DecimalInput = string | Decimal;

/** Options for {@link toWireDecimal}. */
export interface WireDecimalOptions {
  /** The smallest accepted value (inclusive). Checked after the sign and zero rules. */
  min?: DecimalInput;
  /** Accept `0` (default false: quantities and prices are positive). */
  allowZero?: boolean;
  /** Accept negative values (default false). */
  allowNegative?: boolean;
  /** The most digits accepted after the point (e.g. a pair's `lot_decimals`). Unlimited by default. */
  maxDecimals?: number;
  /** The longest accepted text, sign and point included (default 64): guards against pathological inputs. */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 64;
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
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const text = decimalText(field, value, maxLength);
  const parsed = new Decimal(text);
  if (parsed.isNegative() && !parsed.isZero() && !options.allowNegative) {
    throw new ValidationError(field, text, 'a non-negative decimal');
  }
  if (parsed.isZero() && !options.allowZero) {
    throw new ValidationError(field, text, 'a decimal greater than zero');
  }
  if (options.min !== undefined) {
    const min = toWireDecimal(`${field} minimum`, options.min, { allowZero: true, allowNegative: true });
    if (parsed.lessThan(min)) throw new ValidationError(field, text, `a decimal of at least ${min}`);
  }
  if (options.maxDecimals !== undefined && parsed.decimalPlaces() > options.maxDecimals) {
    throw new ValidationError(field, text, `at most ${options.maxDecimals} decimal places`);
  }
  return text;
}

/** Returns plain decimal text for a string or Decimal, or throws: the one gate every money input passes. */
function decimalText(field: string, value: unknown, maxLength: number): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    throw new ValidationError(field, value, 'a decimal string such as "0.25" (money is never a JS number)', {
      code: 'KRAKENKIT_MONEY_NOT_DECIMAL',
    });
  }
  if (typeof value === 'string') {
    if (value.length > maxLength) {
      throw new ValidationError(field, value, `decimal text of at most ${maxLength} characters`);
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
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new ValidationError(field, value.toString(), 'a finite decimal');
    const text = value.toFixed();
    if (text.length > maxLength) {
      throw new ValidationError(field, text, `decimal text of at most ${maxLength} characters`);
    }
    return text;
  }
  throw new ValidationError(field, value, 'a decimal string such as "0.25" or a Decimal');
}

/** Like {@link toWireDecimal}, but `undefined` stays `undefined` (an optional field left out). */
export function toOptionalWireDecimal(
  field: string,
  value: unknown,
  options: WireDecimalOptions = {},
): string | undefined {
  return value === undefined ? undefined : toWireDecimal(field, value, options);
}
