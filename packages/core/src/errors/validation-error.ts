import { KrakenkitError } from './base.js';
import { KRAKENKIT_CODES, type ValidationCode } from './codes.js';
import { describeValue } from './describe-value.js';

/** A parameter failed validation before anything was sent. Names the field, the value and what was expected. */
export class ValidationError extends KrakenkitError {
  override name = 'ValidationError';
  declare readonly code: ValidationCode;
  /** The parameter at fault, as the caller named it (`AddOrder.volume`). */
  readonly field: string;
  /** The value given (as given: it may be anything). */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly expected: string;

  constructor(
    field: string,
    value: unknown,
    expected: string,
    options: { code?: ValidationCode; cause?: unknown } = {},
  ) {
    super(`invalid ${field}: got ${describeValue(value)}, expected ${expected}`, {
      code: options.code ?? KRAKENKIT_CODES.INVALID_PARAM,
      category: 'validation',
      cause: options.cause,
    });
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}
