/**
 * Reads a WebSocket v2 frame without losing decimal text.
 *
 * Kraken v2 sends prices and quantities as JSON numbers. `JSON.parse` would turn them into doubles: trailing zeros
 * vanish and digits past ~15 significant ones change. Wrapping every number token in quotes first makes `JSON.parse`
 * return the exact wire text, so money stays decimal end to end and integers are converted where the schema says so.
 */

/** The frame is not valid JSON (position is a character index into the frame). */
export class LosslessJsonError extends Error {
  override name = 'LosslessJsonError';
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.position = position;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Parses JSON text with every number returned as its exact source text (a string). Throws LosslessJsonError. */
export function parseLosslessJson(text: string): unknown {
  const quoted = quoteJsonNumbers(text);
  try {
    return JSON.parse(quoted);
  } catch (error) {
    throw new LosslessJsonError(error instanceof Error ? error.message : 'invalid JSON', 0);
  }
}

/**
 * Returns `text` with each JSON number token wrapped in double quotes. Numbers in key position (`{1:2}`) and tokens
 * that break the JSON number grammar are rejected, so the result is valid JSON exactly when the input was.
 */
export function quoteJsonNumbers(text: string): string {
  const inObject: boolean[] = [];
  let keyPosition = false;
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i);
      keyPosition = false;
      continue;
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      const end = numberEnd(text, i);
      if (end < 0) throw new LosslessJsonError('invalid number', i);
      if (keyPosition) throw new LosslessJsonError('number used as an object key', i);
      out += `${text.slice(copied, i)}"${text.slice(i, end)}"`;
      copied = end;
      i = end;
      continue;
    }
    if (c === OPEN_OBJECT) {
      inObject.push(true);
      keyPosition = true;
    } else if (c === OPEN_ARRAY) {
      inObject.push(false);
      keyPosition = false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      inObject.pop();
      keyPosition = false;
    } else if (c === COMMA) {
      keyPosition = inObject[inObject.length - 1] === true;
    } else if (c === COLON) {
      keyPosition = false;
    }
    i += 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Index just past the closing quote of the string starting at `start`, or the text length if unterminated. */
function skipString(text: string, start: number): number {
  let j = start;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return text.length;
    let backslashes = 0;
    let k = j - 1;
    while (k > start && text.charCodeAt(k) === BACKSLASH) {
      backslashes += 1;
      k -= 1;
    }
    if (backslashes % 2 === 0) return j + 1;
  }
}

/** End index of the JSON number starting at `start` (grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?), or -1. */
function numberEnd(text: string, start: number): number {
  let j = start;
  if (text.charCodeAt(j) === MINUS) j += 1;
  const first = text.charCodeAt(j);
  if (first === ZERO) j += 1;
  else if (first > ZERO && first <= NINE) j = digitsEnd(text, j + 1);
  else return -1;
  if (text.charCodeAt(j) === DOT) {
    const fractionEnd = digitsEnd(text, j + 1);
    if (fractionEnd === j + 1) return -1;
    j = fractionEnd;
  }
  const e = text.charCodeAt(j);
  if (e === LOWER_E || e === UPPER_E) {
    j += 1;
    const sign = text.charCodeAt(j);
    if (sign === PLUS || sign === MINUS) j += 1;
    const exponentEnd = digitsEnd(text, j);
    if (exponentEnd === j) return -1;
    j = exponentEnd;
  }
  return j;
}

function digitsEnd(text: string, start: number): number {
  let j = start;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c < ZERO || c > NINE || Number.isNaN(c)) return j;
    j += 1;
  }
}
