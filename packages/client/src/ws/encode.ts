/**
 * Writes request frames. Kraken v2 takes prices and quantities as JSON numbers; a validated decimal is wrapped in
 * WireDecimal and written as a bare number from its exact text, so `"0.00100000"` goes out as `0.00100000` and
 * never passes through a JS float.
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

export function encodeValue(value: unknown): string {
  if (value instanceof WireDecimal) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    // Only integers (req_id, order_userref, timeouts): money never travels as a JS number.
    if (!Number.isSafeInteger(value)) throw new TypeError(`refusing to encode non-integer number ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(encodeValue).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) parts.push(`${JSON.stringify(key)}:${encodeValue(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`cannot encode ${typeof value} into a request frame`);
}
