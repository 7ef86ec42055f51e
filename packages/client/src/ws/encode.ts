import { Decimal } from '@krakenkit/core';

/**
 * Writes request frames. Kraken v2 takes prices and quantities as JSON numbers; validated money (a Decimal of a
 * validated order, or a WireDecimal's text) is written as a bare number from its plain decimal text, so it never
 * passes through a JS float.
 */
export class WireDecimal {
  readonly text: string;

  /** `text` must already be validated plain decimal text (see toWireDecimal in money.ts). */
  constructor(text: string) {
    this.text = text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** A value that can be written into a request frame. `undefined` members of objects are left out. */
export type WireValue =
  | string
  | number
  | boolean
  | WireDecimal
  | Decimal
  | undefined
  | readonly WireValue[]
  | { readonly [key: string]: WireValue };

/** The frame text of `{ method, params?, req_id? }`. */
export function encodeRequest(
  method: string,
  params: Record<string, unknown> | undefined,
  reqId?: number,
): string {
  let text = `{"method":${JSON.stringify(method)}`;
  if (params !== undefined) text += `,"params":${encodeValue(params)}`;
  if (reqId !== undefined) text += `,"req_id":${encodeValue(reqId)}`;
  return `${text}}`;
}

/** One value of a request frame as JSON text; money (a Decimal or a WireDecimal) as a bare number. */
export function encodeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    // Only integers (req_id, order_userref, timeouts): money never travels as a JS number.
    if (!Number.isSafeInteger(value)) throw new TypeError(`refusing to encode non-integer number ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(encodeValue).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    if (value instanceof WireDecimal) return value.text;
    // toFixed(): plain decimal text, never exponent notation.
    if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) parts.push(`${JSON.stringify(key)}:${encodeValue(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`cannot encode ${typeof value} into a request frame`);
}
