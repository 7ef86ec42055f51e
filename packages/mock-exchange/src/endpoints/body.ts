import { isPlain } from '../config/readers.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';

export type BodyEncoding = 'form' | 'json' | 'empty';

export interface ParsedBody {
  encoding: BodyEncoding;
  params: Record<string, unknown>;
}

/** The content type every form-encoded client sends, answered without lowering it first. */
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * How a body is encoded: JSON when the content type says so (or, without one, when it starts with `{`), form
 * otherwise; `empty` for whitespace only.
 */
export function bodyEncoding(body: string, contentType: string | undefined): BodyEncoding {
  // A body starting with a visible ASCII character has no leading space to trim (most bodies: `nonce=…`, `{…`).
  const first = body.charCodeAt(0);
  const text = first > 0x20 && first < 0x7f ? body : body.trimStart();
  if (text === '') return 'empty';
  if (contentType === FORM_CONTENT_TYPE) return 'form';
  return (contentType?.toLowerCase().includes('json') ?? text.startsWith('{')) ? 'json' : 'form';
}

/**
 * Parses a request body as Kraken accepts it: `application/json` (the docs' current examples) or form-encoded
 * (nested keys such as `close[ordertype]` become objects), in time linear in its size. A private call's nonce is
 * not read here: authentication reads it from the raw bytes first (nonce-field.ts), and this parse comes after.
 */
export function parseBody(body: string, contentType: string | undefined): ParsedBody {
  return parseBodyAs(body, bodyEncoding(body, contentType));
}

/** {@link parseBody} once the encoding is known (authentication has already looked at the body). */
export function parseBodyAs(body: string, encoding: BodyEncoding): ParsedBody {
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
 * prototype segment (`__proto__[x]=1`, which would pollute Object.prototype), nested deeper than
 * {@link MAX_FORM_DEPTH}, or given twice is `EGeneral:Invalid arguments:<key>`.
 */
export function parseForm(text: string): Record<string, unknown> {
  const tree = new FormTree();
  if (VERBATIM_FORM.test(text)) splitVerbatimForm(text, tree);
  else for (const [key, value] of new URLSearchParams(text)) tree.add(key, value);
  return arrayify(tree.root) as Record<string, unknown>;
}

/**
 * A form that URLSearchParams would decode to its own characters: no `%` or `+` to decode, no leading `?` to
 * drop, no surrogate (a lone one would become U+FFFD). Most bodies (`nonce=…&pair=XBTUSD`) are such forms.
 */
const VERBATIM_FORM = /^(?!\?)[^%+\uD800-\uDFFF]*$/;

/**
 * URLSearchParams' split of a verbatim form: `&`-separated pairs, empty ones skipped, each split at its first `=`.
 * Each search starts where the last one ended, so the whole split reads the text a bounded number of times.
 */
function splitVerbatimForm(text: string, tree: FormTree): void {
  let start = 0;
  let equals = -1; // the first `=` at or after `start` (text.length when there is none)
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (equals < start) {
      equals = text.indexOf('=', start);
      if (equals < 0) equals = text.length;
    }
    if (end > start) {
      if (equals < end) tree.add(text.slice(start, equals), text.slice(equals + 1, end));
      else tree.add(text.slice(start, end), '');
    }
    start = end + 1;
  }
}

/**
 * The objects a form decodes into, with their own-key counts so `orders[]=…` appends in O(1), not O(keys). Most
 * keys (`nonce`, `pair`) have no brackets: they go straight onto the root, with no path to split.
 */
class FormTree {
  readonly root: Record<string, unknown> = {};
  #rootKeys = 0;
  /** Own-key counts of nested objects, made at the first bracketed key. */
  #nestedKeys: Map<object, number> | undefined;

  add(key: string, value: string): void {
    if (key.includes('[')) {
      this.#addPath(key, value);
      return;
    }
    if (PROTOTYPE_KEYS.has(key)) throw invalidArgument(key.slice(0, 64));
    // A bare `=x` appends like `[]=x` does, under the next numeric key.
    this.#set(this.root, key === '' ? String(this.#rootKeys) : key, value, key);
  }

  #addPath(key: string, value: string): void {
    const path = key.split('[').map((part, i) => (i > 0 && part.endsWith(']') ? part.slice(0, -1) : part));
    if (path.length > MAX_FORM_DEPTH || path.some((segment) => PROTOTYPE_KEYS.has(segment))) {
      throw invalidArgument(key.slice(0, 64));
    }
    let node = this.root;
    for (let i = 0; i < path.length - 1; i += 1) {
      const segment = path[i]!;
      const next = node[segment];
      if (isPlain(next)) node = next;
      else {
        const child: Record<string, unknown> = {};
        this.#set(node, segment, child, key);
        node = child;
      }
    }
    const last = path[path.length - 1]!;
    // `orders[]=a&orders[]=b`: append under increasing numeric keys
    this.#set(node, last === '' ? String(this.#keysOf(node)) : last, value, key);
  }

  #keysOf(node: object): number {
    return node === this.root ? this.#rootKeys : (this.#nestedKeys?.get(node) ?? 0);
  }

  // A field named twice (`volume=0.01&volume=5000`) is refused by its name: taking either value would guess
  // which one the sender meant.
  #set(node: Record<string, unknown>, key: string, value: unknown, name: string): void {
    if (Object.hasOwn(node, key)) throw invalidArgument(name.slice(0, 64));
    if (node === this.root) this.#rootKeys += 1;
    else {
      this.#nestedKeys ??= new Map();
      this.#nestedKeys.set(node, this.#keysOf(node) + 1);
    }
    node[key] = value;
  }
}

/** Objects whose keys are 0..n-1 become arrays (form encoding of lists); converted in place, inside out. */
function arrayify(value: unknown): unknown {
  if (!isPlain(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) {
    const child = value[key];
    if (isPlain(child)) value[key] = arrayify(child);
  }
  return isIndexList(keys) ? keys.map((key) => value[key]) : value;
}

function isIndexList(keys: readonly string[]): boolean {
  if (keys.length === 0) return false;
  for (let i = 0; i < keys.length; i += 1) if (keys[i] !== String(i)) return false;
  return true;
}
