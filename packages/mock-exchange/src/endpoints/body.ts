import { isPlain } from '../config/readers.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';

export type BodyEncoding = 'form' | 'json' | 'empty';

export interface ParsedBody {
  encoding: BodyEncoding;
  params: Record<string, unknown>;
}

/**
 * How a body is encoded: JSON when the content type says so (or, without one, when it starts with `{`), form
 * otherwise; `empty` for whitespace only.
 */
export function bodyEncoding(body: string, contentType: string | undefined): BodyEncoding {
  const text = body.trimStart();
  if (text === '') return 'empty';
  return (contentType?.toLowerCase().includes('json') ?? text.startsWith('{')) ? 'json' : 'form';
}

/**
 * Parses a request body as Kraken accepts it: `application/json` (the docs' current examples) or form-encoded
 * (nested keys such as `close[ordertype]` become objects), in time linear in its size. A private call's nonce is
 * not read here: authentication reads it from the raw bytes first (nonce-field.ts), and this parse comes after.
 */
export function parseBody(body: string, contentType: string | undefined): ParsedBody {
  const encoding = bodyEncoding(body, contentType);
  if (encoding === 'empty') return { encoding, params: {} };
  if (encoding === 'json') return { encoding, params: parseJsonObject(body.trim()) };
  return { encoding, params: parseForm(body) };
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KrakenRejection(E.invalidArguments, 'body is not valid JSON');
  }
  if (!isPlain(parsed)) throw new KrakenRejection(E.invalidArguments, 'JSON body is not an object');
  return parsed;
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
  const sizes = new KeyCounts();
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split('[').map((part, i) => (i > 0 && part.endsWith(']') ? part.slice(0, -1) : part));
    if (path.length > MAX_FORM_DEPTH || path.some((segment) => PROTOTYPE_KEYS.has(segment))) {
      throw invalidArgument(key.slice(0, 64));
    }
    setPath(out, path, value, sizes);
  }
  return arrayify(out) as Record<string, unknown>;
}

/** Own-key counts of the objects a form decodes into, so `orders[]=…` appends in O(1), not O(keys). */
class KeyCounts {
  readonly #counts = new WeakMap<object, number>();

  of(node: object): number {
    return this.#counts.get(node) ?? 0;
  }

  set(node: Record<string, unknown>, key: string, value: unknown): void {
    if (!Object.hasOwn(node, key)) this.#counts.set(node, this.of(node) + 1);
    node[key] = value;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: string, sizes: KeyCounts): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i += 1) {
    const segment = path[i]!;
    const next = node[segment];
    if (isPlain(next)) node = next;
    else {
      const child: Record<string, unknown> = {};
      sizes.set(node, segment, child);
      node = child;
    }
  }
  const last = path[path.length - 1]!;
  // `orders[]=a&orders[]=b`: append under increasing numeric keys
  sizes.set(node, last === '' ? String(sizes.of(node)) : last, value);
}

/** Objects whose keys are 0..n-1 become arrays (form encoding of lists). */
function arrayify(value: unknown): unknown {
  if (!isPlain(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, arrayify(value[k])]));
  const numeric = keys.length > 0 && keys.every((k, i) => k === String(i));
  return numeric ? keys.map((k) => converted[k]) : converted;
}
