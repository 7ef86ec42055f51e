import { isPlain } from '../config/readers.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';

export type BodyEncoding = 'form' | 'json' | 'empty';

export interface ParsedBody {
  encoding: BodyEncoding;
  params: Record<string, unknown>;
  /** The nonce exactly as written on the wire (digits), when present. */
  nonceText: string | undefined;
}

/**
 * Parses a request body as Kraken accepts it: `application/json` (the docs' current examples) or form-encoded
 * (nested keys such as `close[ordertype]` become objects). The nonce text is taken from the raw bytes, not from
 * a parsed JSON number, so 64-bit nonces keep every digit.
 */
export function parseBody(body: string, contentType: string | undefined): ParsedBody {
  const trimmed = body.trim();
  if (trimmed === '') return { encoding: 'empty', params: {}, nonceText: undefined };
  const isJson = contentType?.toLowerCase().includes('json') ?? trimmed.startsWith('{');
  if (isJson) return parseJsonBody(trimmed);
  const params = parseForm(body);
  const nonce = params['nonce'];
  return { encoding: 'form', params, nonceText: typeof nonce === 'string' ? nonce : undefined };
}

function parseJsonBody(text: string): ParsedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KrakenRejection(E.invalidArguments, 'body is not valid JSON');
  }
  if (!isPlain(parsed)) throw new KrakenRejection(E.invalidArguments, 'JSON body is not an object');
  const raw = /^\{\s*(?:[^{]*?,\s*)?"nonce"\s*:\s*"?(\d+)"?/.exec(text)?.[1];
  const nonce = parsed['nonce'];
  const nonceText =
    raw ?? (typeof nonce === 'string' || typeof nonce === 'number' ? String(nonce) : undefined);
  return { encoding: 'json', params: parsed, nonceText };
}

/** Segments that would walk into (and write to) Object.prototype when used as a nested form key. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Kraken's deepest form key is `orders[0][close][price]`; thousands of brackets would overflow the stack. */
const MAX_FORM_DEPTH = 8;

/**
 * Form decoding with bracket nesting: `close[ordertype]=limit` → `{ close: { ordertype: 'limit' } }`. A key with a
 * prototype segment (`__proto__[x]=1`, which would pollute Object.prototype) or nested deeper than
 * {@link MAX_FORM_DEPTH} is `EGeneral:Invalid arguments`.
 */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split('[').map((part, i) => (i === 0 ? part : part.replace(/]$/, '')));
    if (path.length > MAX_FORM_DEPTH || path.some((segment) => PROTOTYPE_KEYS.has(segment))) {
      throw invalidArgument(key.slice(0, 64));
    }
    setPath(out, path, value);
  }
  return arrayify(out) as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i += 1) {
    const segment = path[i]!;
    const next = node[segment];
    if (isPlain(next)) node = next;
    else {
      const child: Record<string, unknown> = {};
      node[segment] = child;
      node = child;
    }
  }
  const last = path[path.length - 1]!;
  if (last === '') {
    // `orders[]=a&orders[]=b`: append under increasing numeric keys
    node[String(Object.keys(node).length)] = value;
    return;
  }
  if (typeof last !== 'string') throw invalidArgument(path.join('.'));
  node[last] = value;
}

/** Objects whose keys are 0..n-1 become arrays (form encoding of lists). */
function arrayify(value: unknown): unknown {
  if (!isPlain(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, arrayify(value[k])]));
  const numeric = keys.length > 0 && keys.every((k, i) => k === String(i));
  return numeric ? keys.map((k) => converted[k]) : converted;
}
