import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeForm,
  encodeJson,
  encodePrivateBody,
  encodeQuery,
  preparePrivateBody,
} from '../src/encoding.js';
import { ValidationError } from '../src/errors/index.js';

const name = fc.stringMatching(/^[a-z][a-z_]{0,11}$/).filter((key) => key !== 'nonce' && key !== 'otp');
const scalar = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom('+5', '+30', '1.25', 'a b&c=d'),
);
const flatParams = fc.dictionary(name, scalar, { maxKeys: 8 });

function asText(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

describe('form encoding', () => {
  it('decodes back to the params (URLSearchParams semantics)', () => {
    fc.assert(
      fc.property(flatParams, (params) => {
        const decoded = Object.fromEntries(new URLSearchParams(encodeForm(params)));
        const expected = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, asText(v)]));
        expect(decoded).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('puts the nonce first and the otp last, and the rest in order', () => {
    fc.assert(
      fc.property(flatParams, fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), (params, nonce) => {
        const body = encodePrivateBody('form', String(nonce), params, '123456');
        const entries = [...new URLSearchParams(body)];
        expect(entries[0]).toEqual(['nonce', String(nonce)]);
        expect(entries.at(-1)).toEqual(['otp', '123456']);
        expect(entries.slice(1, -1).map(([k]) => k)).toEqual(Object.keys(params));
      }),
    );
  });

  it('sends + as %2B and a space as +, so Kraken reads "+30" as "+30"', () => {
    expect(encodeForm({ expiretm: '+30', note: 'a b' })).toBe('expiretm=%2B30&note=a+b');
  });

  it('reproduces the body of the official signing example byte for byte', () => {
    const body = encodePrivateBody('form', '1616492376594', {
      ordertype: 'limit',
      pair: 'XBTUSD',
      price: '37500',
      type: 'buy',
      volume: '1.25',
    });
    expect(body).toBe('nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25');
  });

  it('flattens nested objects to bracket keys and lists of scalars to comma lists', () => {
    const body = encodeForm({
      close: { ordertype: 'stop-loss-limit', price: '-5%', price2: new Decimal('0.00000001') },
      txid: ['OABC-1', 'ODEF-2'],
      reduce_only: true,
      validate: false,
      userref: 7n,
      skipped: undefined,
      alsoSkipped: null,
    });
    expect(body).toBe(
      'close%5Bordertype%5D=stop-loss-limit&close%5Bprice%5D=-5%25&close%5Bprice2%5D=0.00000001' +
        '&txid=OABC-1%2CODEF-2&reduce_only=true&validate=false&userref=7',
    );
    expect(Object.fromEntries(new URLSearchParams(body))).toMatchObject({
      'close[ordertype]': 'stop-loss-limit',
      'close[price2]': '0.00000001',
      txid: 'OABC-1,ODEF-2',
    });
  });

  it('refuses what a form cannot carry faithfully', () => {
    expect(() => encodeForm({ orders: [{ ordertype: 'limit' }] })).toThrow(ValidationError);
    expect(() => encodeForm({ volume: 1e-7 })).toThrow(/volume/);
    expect(() => encodeForm({ volume: Number.NaN })).toThrow(ValidationError);
    expect(() => encodePrivateBody('form', '1', { nonce: '5' })).toThrow(/nonce/);
  });

  it('builds public query strings the same way', () => {
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery({ pair: 'XBTUSD,ETHUSD', count: 10 })).toBe('pair=XBTUSD%2CETHUSD&count=10');
  });
});

describe('JSON encoding', () => {
  it('puts the nonce first as a number token with every digit, and parses back to the params', () => {
    const jsonValue = fc.oneof(fc.string(), fc.boolean(), fc.integer());
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.oneof(jsonValue, fc.array(fc.dictionary(name, jsonValue), { maxLength: 3 }))),
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
        (params, nonce) => {
          const body = encodePrivateBody('json', String(nonce), params);
          expect(body.startsWith(`{"nonce":${nonce}`)).toBe(true);
          const { nonce: _ignored, ...rest } = JSON.parse(body) as Record<string, unknown>;
          expect(rest).toEqual(params);
        },
      ),
    );
  });

  it('writes Decimal values as plain decimal strings and leaves out undefined/null', () => {
    expect(
      encodeJson({ price: new Decimal('1e-8'), skip: undefined, none: null, orders: [{ volume: '1' }] }),
    ).toBe('{"price":"0.00000001","orders":[{"volume":"1"}]}');
    expect(preparePrivateBody('json', {})('42', '987')).toBe('{"nonce":42,"otp":"987"}');
  });
});
