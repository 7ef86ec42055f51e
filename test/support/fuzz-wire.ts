import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { HUGE_TEXT } from './fuzz-hostile-values.js';

const KEYS = [
  'pair',
  'volume',
  'price',
  'close',
  'orders',
  'txid',
  'a b',
  'a&b=c',
  'k[x]',
  '__proto__',
  'constructor',
  '💸',
  '\u0000',
  '',
];

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('+30', 'a&b=c', '%ZZ', '1e5', '\u0000', ' ', '💸', 'x\r\ny'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.bigInt(),
  fc.constantFrom<unknown>(null, undefined, Number.NaN, 1e-7, 1e21, Symbol('s'), () => 1),
  fc.constantFrom('1.5', '1e400', 'NaN', '-0').map((text) => new Decimal(text)),
);

/** Values a descriptor's toWire never produces but a direct caller of the encoders might pass. */
export const wireValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 3 }) },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 2 }), { maxLength: 3 }),
  },
);

export const wireParams: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
  wireValue,
  { maxKeys: 6 },
);

/** Form text with Kraken-style nesting gone wrong: brackets, prototype segments, bad escapes, depth. */
const formKey = fc.oneof(
  fc.constantFrom(
    'nonce',
    'pair',
    'volume',
    'close[price]',
    'orders[0][type]',
    'orders[]',
    'a[',
    ']',
    '[[[',
    'a[b]]c',
  ),
  fc.constantFrom(
    '__proto__[fuzzPolluted]',
    'constructor[prototype][fuzzPolluted]',
    'x[__proto__][fuzzPolluted]',
  ),
  fc.constantFrom(`${'d['.repeat(5_000)}x`, '%ZZ', '%', '\u0000'),
  fc.string({ maxLength: 12 }),
);
const formText = fc
  .array(
    fc.tuple(formKey, fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('%E0%A4%A', '1e400', ''))),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(
    '{"__proto__":{"fuzzPolluted":1},"pair":"XBTUSD"}',
    '{"constructor":{"prototype":{"fuzzPolluted":1}}}',
    '{"orders":[{"__proto__":{"fuzzPolluted":1}}],"pair":"XBTUSD"}',
    '{"orders":"x","pair":{"a":1}}',
    '{"volume":1e400,"price":-0,"pair":["XBTUSD"]}',
    '{"orders":[null,1,"a",[]]}',
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    '{"nonce":',
    '{',
  ),
);

export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: formText },
  { weight: 3, arbitrary: jsonText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(`pair=${HUGE_TEXT}`) },
);

export const contentType = fc.constantFrom<string | undefined>(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  '\u0000',
);

/** The hostile body with a nonce in front, in its own encoding, so a signed request reaches the endpoint. */
export function withNonce(body: string, nonce: string, json: boolean): string {
  if (!json) return body === '' ? `nonce=${nonce}` : `nonce=${nonce}&${body}`;
  const trimmed = body.trim();
  if (trimmed.startsWith('{') && trimmed.length > 2) return `{"nonce":${nonce},${trimmed.slice(1)}`;
  return `{"nonce":${nonce}}`;
}
