/**
 * Request bodies and query strings, built once: the exact text returned here is what gets signed and sent.
 *
 * Form rules (application/x-www-form-urlencoded, URLSearchParams semantics):
 * - `nonce` first (as in Kraken's documented example), then the params in their own order, then `otp`.
 * - `+` is sent as `%2B` and a space as `+` (Kraken decodes `+` as a space, so `expiretm: '+30'` must be `%2B30`).
 * - Booleans are `true` / `false`; bigints and integers as digits; Decimal values as plain decimal text.
 * - Nested objects become bracketed keys: `close: { ordertype, price }` → `close[ordertype]=…&close[price]=…`
 *   (URL-encoded as `close%5Bordertype%5D`), as Kraken's AddOrder expects.
 * - Arrays of scalars become one comma-separated value (`txid=A,B,C`), Kraken's documented form for id lists.
 *   Arrays of objects (AddOrderBatch `orders`) cannot be expressed in a form body: such endpoints use JSON.
 * - `undefined` and `null` fields are left out.
 *
 * JSON rules: the same params as JSON text with `nonce` first as a bare number token (written from its digits, so a
 * nonce beyond 2^53 keeps every digit), Decimal values as strings, `undefined`/`null` fields left out.
 */
import { Decimal } from '@krakenkit/core';
import { ValidationError } from './errors/index.js';

/** Params as descriptors' `toWire` produce them. */
export type WireParams = Readonly<Record<string, unknown>>;

/** Encodes params as a form body (no nonce). See the module comment for the rules. */
export function encodeForm(params: WireParams): string {
  const pairs: string[] = [];
  appendAll(pairs, params, undefined);
  return pairs.join('&');
}

/** One `name=value` pair exactly as URLSearchParams writes it (its own encoder for any text that needs escaping). */
function formPair(name: string, value: string): string {
  if (isFormSafe(name) && isFormSafe(value)) return `${name}=${value}`;
  return new URLSearchParams([[name, value]]).toString();
}

/** 1 at the char codes URLSearchParams leaves as they are: ASCII letters and digits, `*`, `-`, `.`, `_`. */
const FORM_SAFE = new Uint8Array(128);
for (const char of '*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
  FORM_SAFE[char.charCodeAt(0)] = 1;
}

/**
 * Whether URLSearchParams leaves `text` as it is. A scan of char codes through a table: a regex test per name and
 * per value cost more than the rest of the encoding.
 */
export function isFormSafe(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    if (FORM_SAFE[text.charCodeAt(i)] !== 1) return false;
  }
  return true;
}

/** Encodes public GET params as a query string without the leading `?` ('' when there are none). */
export function encodeQuery(params: WireParams): string {
  return encodeForm(params);
}

/** Encodes params as JSON text (no nonce). */
export function encodeJson(params: WireParams): string {
  return JSON.stringify(normalizeForJson(params, ''));
}

/**
 * Builds the body of a private call: nonce first, then the params, then `otp` when given.
 * @throws ValidationError when params carry their own `nonce`/`otp` or a value that cannot be encoded.
 */
export function encodePrivateBody(
  encoding: 'form' | 'json',
  nonce: string,
  params: WireParams,
  otp?: string,
): string {
  // The nonce is spliced into JSON as a bare token: only digits may go there.
  if (!/^\d+$/.test(nonce)) throw new ValidationError('nonce', nonce, 'decimal digits');
  return preparePrivateBody(encoding, params)(nonce, otp);
}

/** Completes a prepared body with the nonce (digits) and the optional otp. */
export type BodyWithNonce = (nonce: string, otp?: string) => string;

/**
 * Encodes the params once, ahead of time, and returns a cheap function that adds the nonce (and otp): the client
 * calls it inside the key's ordered lane, where work should be small, and any encoding error surfaces before a
 * nonce is taken.
 * @throws ValidationError when params carry their own `nonce`/`otp` or a value that cannot be encoded.
 */
export function preparePrivateBody(encoding: 'form' | 'json', params: WireParams): BodyWithNonce {
  if (Object.hasOwn(params, 'nonce')) {
    throw new ValidationError('nonce', params['nonce'], 'to be set by the client, not passed as a param');
  }
  if (Object.hasOwn(params, 'otp')) {
    // Never echo an otp, even a misplaced one.
    throw new ValidationError('otp', '[redacted]', 'to be set by the client, not passed as a param');
  }
  if (encoding === 'json') {
    // The members of `{...}`; the nonce goes in front of them as a bare number token written from its digits.
    const members = encodeJson(params).slice(1, -1);
    const rest = members === '' ? '' : `,${members}`;
    return (nonce, otp) =>
      `{"nonce":${nonce}${rest}${otp === undefined ? '' : `,"otp":${JSON.stringify(otp)}`}}`;
  }
  const encoded = encodeForm(params);
  const rest = encoded === '' ? '' : `&${encoded}`;
  return (nonce, otp) =>
    otp === undefined
      ? `nonce=${nonce}${rest}`
      : `nonce=${nonce}${rest}&${new URLSearchParams({ otp }).toString()}`;
}

function appendAll(pairs: string[], params: WireParams, prefix: string | undefined): void {
  for (const key of Object.keys(params)) {
    appendField(pairs, prefix === undefined ? key : `${prefix}[${key}]`, params[key]);
  }
}

function appendField(pairs: string[], name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    const parts = value.map((item, index) => {
      if (isNested(item)) {
        throw new ValidationError(
          `${name}[${index}]`,
          item,
          'a scalar (lists of objects need JSON encoding)',
        );
      }
      return scalarText(`${name}[${index}]`, item);
    });
    pairs.push(formPair(name, parts.join(',')));
    return;
  }
  if (isNested(value)) {
    appendAll(pairs, value, name);
    return;
  }
  pairs.push(formPair(name, scalarText(name, value)));
}

function isNested(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Decimal.isDecimal(value);
}

function scalarText(field: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return numberText(field, value);
    default:
      if (Decimal.isDecimal(value)) return value.toFixed();
      throw new ValidationError(field, value, 'a string, number, boolean, bigint or Decimal');
  }
}

function numberText(field: string, value: number): string {
  const text = String(value);
  // `1e-7` would be read differently by Kraken than meant; money must arrive as decimal strings anyway.
  if (!Number.isFinite(value) || /e/i.test(text)) {
    throw new ValidationError(
      field,
      value,
      'a finite number without exponent (pass amounts as decimal strings)',
    );
  }
  return text;
}

function normalizeForJson(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => item !== undefined && item !== null)
      .map((item, index) => normalizeForJson(item, `${path}[${index}]`));
  }
  if (isNested(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || item === null) continue;
      // defineProperty: `out['__proto__'] = v` would set out's prototype and the param would vanish from the JSON.
      Object.defineProperty(out, key, {
        value: normalizeForJson(item, path === '' ? key : `${path}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (typeof value === 'number') {
    numberText(path, value);
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return scalarText(path, value);
}
