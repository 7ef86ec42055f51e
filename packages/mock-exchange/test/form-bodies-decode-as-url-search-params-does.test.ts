import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../src/endpoints/body.js';

/**
 * The form decoding the mock had before its verbatim fast path, kept as the reference: every pair through
 * URLSearchParams, every key split on brackets, nested objects whose keys are 0..n-1 turned into arrays; a key
 * given twice is refused.
 */
function referenceParseForm(text: string): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split('[').map((part, i) => (i > 0 && part.endsWith(']') ? part.slice(0, -1) : part));
    if (path.length > 8 || path.some((s) => ['__proto__', 'constructor', 'prototype'].includes(s))) {
      throw new Error('invalid');
    }
    let node = out;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next === 'object' && next !== null && !Array.isArray(next))
        node = next as Record<string, unknown>;
      else {
        if (Object.hasOwn(node, segment)) throw new Error('named twice');
        const child: Record<string, unknown> = {};
        node[segment] = child;
        node = child;
      }
    }
    const last = path[path.length - 1] as string;
    const name = last === '' ? String(Object.keys(node).length) : last;
    if (Object.hasOwn(node, name)) throw new Error('named twice');
    node[name] = value;
  }
  return arrayify(out);
}

function arrayify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const converted = Object.fromEntries(keys.map((k) => [k, arrayify(record[k])]));
  return keys.length > 0 && keys.every((k, i) => k === String(i)) ? keys.map((k) => converted[k]) : converted;
}

function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return { value: parse(text) };
  } catch {
    return { refused: true };
  }
}

// Bodies built from the characters form decoding cares about, plain text, and lone surrogates.
const formText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '+',
        '%',
        '%41',
        '%zz',
        '?',
        '[',
        ']',
        '[]',
        '[0]',
        'nonce',
        'pair',
        ' ',
        '\ud800',
      ),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

describe('form bodies', () => {
  it('decode to exactly what URLSearchParams and the bracket rules give, fast path or not', () => {
    fc.assert(
      fc.property(formText, (text) => {
        expect(outcome(parseForm, text)).toEqual(outcome(referenceParseForm, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('decode the shapes Kraken bodies have', () => {
    for (const text of [
      'nonce=1767225600000123',
      'nonce=1&pair=XBTUSD&type=buy&ordertype=limit&price=37500.0&volume=1.25',
      'nonce=1&&pair=XBTUSD&',
      'nonce=1&flag&=x&=y',
      'nonce=1&txid=A,B&orders[0][pair]=XBTUSD&orders[1][pair]=ETHUSD',
      '?nonce=1&a=b+c&d=%20e',
    ]) {
      expect(parseForm(text)).toEqual(referenceParseForm(text));
    }
  });

  it('refuse a field named twice, by its name, whichever way it is spelled', () => {
    for (const [text, name] of [
      ['nonce=1&volume=0.01&volume=5000', 'volume'],
      ['nonce=1&pair=XBTUSD&pa%69r=ETHUSD', 'pair'],
      ['nonce=1&close[price]=1&close[price]=2', 'close[price]'],
      ['nonce=1&close=x&close[price]=2', 'close[price]'],
    ] as const) {
      expect(() => parseForm(text)).toThrow(
        expect.objectContaining({ code: `EGeneral:Invalid arguments:${name}` }),
      );
      expect(() => referenceParseForm(text)).toThrow('named twice');
    }
  });
});
