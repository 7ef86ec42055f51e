import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError } from '../errors/index.js';

const DIGITS = /^(?:0|[1-9]\d*)$/;

/** True when `text` is a canonical unsigned decimal integer (no sign, no leading zeros, no exponent). */
export function isNonceText(text: unknown): text is string {
  return typeof text === 'string' && DIGITS.test(text);
}

/**
 * Compares two canonical decimal integers without converting them (nonces may exceed 2^53).
 * Returns a negative number, zero or a positive number like `Array.prototype.sort` comparators.
 */
export function compareNonces(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown before sending when a nonce source breaks its contract (not digits, or not greater than the last one). */
export class NonceError extends KrakenkitError {
  override name = 'NonceError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: KRAKENKIT_CODES.NONCE, category: 'config', cause: options.cause });
  }
}
