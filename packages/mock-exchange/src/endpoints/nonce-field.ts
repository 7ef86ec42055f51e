import type { BodyEncoding } from './body.js';

/**
 * The nonce of a private call, read from the raw body before anything is parsed. Kraken's signature covers
 * nonce + body, so the nonce is all authentication needs; the body is parsed only once its signature is good.
 * Both scanners read each character at most twice, whatever the body holds. A body naming the nonce twice is
 * ambiguous (which one was signed?) and has no usable nonce: `EAPI:Invalid nonce`.
 */
export type NonceField = { kind: 'found'; text: string } | { kind: 'missing' } | { kind: 'repeated' };

/** What the scanners read: a string, or in tests a wrapper that counts the reads. */
export interface CharSource {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end?: number): string;
}

const MISSING: NonceField = { kind: 'missing' };
const REPEATED: NonceField = { kind: 'repeated' };

export function nonceField(body: string, encoding: BodyEncoding): NonceField {
  if (encoding === 'json') return jsonNonceField(body);
  if (encoding === 'form') return formNonceField(body);
  return MISSING;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const OPEN_BRACE = 0x7b;
const OPENERS = new Set([OPEN_BRACE, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
/** Characters of a JSON number (the nonce may be written as one: `{"nonce":1767225600000123}`). */
const NUMBER_CHARS = new Set([...'0123456789+-.eE'].map((c) => c.charCodeAt(0)));
/** `\u006e\u006f\u006e\u0063\u0065` is the longest way to write the key `nonce` in JSON: 30 characters. */
const MAX_ESCAPED_NONCE_KEY = 30;
/** `%6E%6F%6E%63%65` is the longest way to write it in a form: 15 characters. */
const MAX_ENCODED_NONCE_KEY = 15;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: CharSource, from: number): number {
  let i = from;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** Index of the quote closing the string that opens at `open`; -1 when it never closes. */
function stringEnd(text: CharSource, open: number): number {
  for (let i = open + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 1;
    else if (code === QUOTE) return i;
  }
  return -1;
}

/** The JSON string between quotes `open` and `close`, decoded; undefined when its escapes are not JSON. */
function jsonString(text: CharSource, open: number, close: number): string | undefined {
  const raw = text.slice(open + 1, close);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

function isNonceKey(text: CharSource, open: number, close: number): boolean {
  const length = close - open - 1;
  if (length === 5) return text.slice(open + 1, close) === 'nonce';
  return length < MAX_ESCAPED_NONCE_KEY && jsonString(text, open, close) === 'nonce';
}

/** The value text at `at` (a string's content or a number's characters) and where scanning resumes. */
function jsonValue(text: CharSource, at: number): { text: string; next: number } {
  if (text.charCodeAt(at) === QUOTE) {
    const close = stringEnd(text, at);
    if (close < 0) return { text: '', next: text.length };
    return { text: jsonString(text, at, close) ?? '', next: close + 1 };
  }
  let end = at;
  while (end < text.length && NUMBER_CHARS.has(text.charCodeAt(end))) end += 1;
  // Anything else (an object, true, null) is no nonce; the scan goes on from it.
  return { text: text.slice(at, end), next: end };
}

/** The top-level `nonce` of a JSON object body, its text exactly as written (64-bit digits kept). */
export function jsonNonceField(text: CharSource): NonceField {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return MISSING;
  let depth = 0;
  let found: string | undefined;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const close = stringEnd(text, i);
      if (close < 0) break;
      const after = depth === 1 ? skipSpace(text, close + 1) : close + 1;
      if (depth === 1 && text.charCodeAt(after) === COLON && isNonceKey(text, i, close)) {
        if (found !== undefined) return REPEATED;
        const value = jsonValue(text, skipSpace(text, after + 1));
        found = value.text;
        i = value.next;
      } else {
        i = after;
      }
      continue;
    }
    if (OPENERS.has(code)) depth += 1;
    else if (CLOSERS.has(code)) {
      depth -= 1;
      if (depth === 0) break;
    }
    i += 1;
  }
  return found === undefined ? MISSING : { kind: 'found', text: found };
}

/** Form decoding of one component: `+` is a space, `%XX` a byte; text that does not decode stays as it is. */
function formText(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

function isFormNonceKey(text: CharSource, start: number, end: number): boolean {
  const length = end - start;
  if (length === 5) return text.slice(start, end) === 'nonce';
  return length <= MAX_ENCODED_NONCE_KEY && formText(text.slice(start, end)) === 'nonce';
}

/** The `nonce` field of a form body (`nonce=…&…`), decoded as URLSearchParams decodes it. */
export function formNonceField(text: CharSource): NonceField {
  let found: string | undefined;
  let start = 0;
  let equals = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : AMPERSAND;
    if (code === EQUALS && equals < 0) equals = i;
    if (code !== AMPERSAND) continue;
    const keyEnd = equals < 0 ? i : equals;
    if (isFormNonceKey(text, start, keyEnd)) {
      if (found !== undefined) return REPEATED;
      found = equals < 0 ? '' : formText(text.slice(equals + 1, i));
    }
    start = i + 1;
    equals = -1;
  }
  return found === undefined ? MISSING : { kind: 'found', text: found };
}
