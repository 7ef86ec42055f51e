import { describe, expect, it } from 'vitest';
import { type CharSource, formNonceField, jsonNonceField } from '../src/endpoints/nonce-field.js';
import { call, parseEnvelope, sign } from './support/signer.js';
import { world } from './support/world.js';

/** A string that counts every character the scanner reads (charCodeAt calls plus the lengths it slices). */
function counted(text: string): CharSource & { reads: number } {
  const source = {
    reads: 0,
    length: text.length,
    charCodeAt(index: number) {
      source.reads += 1;
      return text.charCodeAt(index);
    },
    slice(start: number, end?: number) {
      const part = text.slice(start, end);
      source.reads += part.length;
      return part;
    },
  };
  return source;
}

const MIB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.floor(MIB / unit.length));

describe('the nonce is read from the raw body in one linear pass, before any parse', () => {
  it.each([
    ['whitespace before the first key', `{${' '.repeat(MIB)}"options":{},"nonce":"1"}`],
    ['nested objects before the nonce', `{"a":${fill('{"b":')}1${'}'.repeat(MIB / 5)},"nonce":"1"}`],
    ['strings full of escaped quotes', `{"a":"${fill('\\"')}","nonce":"1"}`],
    ['commas and colons', `{${fill(',:')}"nonce":"1"}`],
    ['keys that almost say nonce', `{${fill('"nonc":1,')}"nonce":"1"}`],
    ['an unterminated string', `{"nonce":"1","a":"${'x'.repeat(MIB)}`],
  ])('JSON: %s is read at most twice per character', (_, body) => {
    const source = counted(body);
    jsonNonceField(source);
    expect(source.reads).toBeLessThanOrEqual(2 * body.length + 16);
  });

  it.each([
    ['list items', fill('a[]=1&')],
    ['pairs without =', fill('a&')],
    ['percent-encoded keys', fill('%6E%6F%6E%63%66=1&')],
    ['one huge value', `nonce=1&a=${'9'.repeat(MIB)}`],
  ])('form: %s is read at most twice per character', (_, body) => {
    const source = counted(body);
    formNonceField(source);
    expect(source.reads).toBeLessThanOrEqual(2 * body.length + 16);
  });

  it('a body that names the nonce twice is refused as soon as the second one is seen', () => {
    const form = counted(fill('nonce=1&'));
    expect(formNonceField(form)).toEqual({ kind: 'repeated' });
    expect(form.reads).toBeLessThan(64);
    const json = counted(`{${fill('"nonce":1,')}"a":1}`);
    expect(jsonNonceField(json)).toEqual({ kind: 'repeated' });
    expect(json.reads).toBeLessThan(64);
  });

  it('finds the nonce as written: digits of a 64-bit number kept, strings, escapes, only at the top level', () => {
    expect(jsonNonceField('{"nonce":18446744073709551615,"a":1}')).toEqual({
      kind: 'found',
      text: '18446744073709551615',
    });
    expect(jsonNonceField(' { "a" : {"nonce":1} , "nonce" : "42" } ')).toEqual({ kind: 'found', text: '42' });
    expect(jsonNonceField('{"\\u006eonce":"7"}')).toEqual({ kind: 'found', text: '7' });
    expect(jsonNonceField('{"a":"nonce","b":["nonce"]}')).toEqual({ kind: 'missing' });
    expect(jsonNonceField('["nonce",1]')).toEqual({ kind: 'missing' });
    expect(formNonceField('pair=XBTUSD&nonce=1616492376594&volume=1')).toEqual({
      kind: 'found',
      text: '1616492376594',
    });
    expect(formNonceField('%6Eonce=5')).toEqual({ kind: 'found', text: '5' });
    expect(formNonceField('nonce[x]=5&nonces=1')).toEqual({ kind: 'missing' });
  });
});

describe('authentication comes before the body is parsed', () => {
  it('a body that is not JSON but is correctly signed is EGeneral:Invalid arguments; unsigned it is EAPI:Invalid signature', () => {
    const { exchange, key } = world();
    const path = '/0/private/Balance';
    const body = '{"nonce":"1767225600000001", oops';
    const headers = { 'API-Key': key.apiKey, 'Content-Type': 'application/json' };
    const forged = exchange.handle({
      method: 'POST',
      path,
      headers: { ...headers, 'API-Sign': 'AAAA' },
      body,
    });
    expect(parseEnvelope(forged).error).toEqual(['EAPI:Invalid signature']);
    const apiSign = sign(key.apiSecret, path, '1767225600000001', body);
    const signed = exchange.handle({
      method: 'POST',
      path,
      headers: { ...headers, 'API-Sign': apiSign },
      body,
    });
    expect(parseEnvelope(signed).error).toEqual(['EGeneral:Invalid arguments']);
    expect(exchange.internalErrors).toEqual([]);
  });

  it('an unknown key is EAPI:Invalid key whatever the body holds', () => {
    const { exchange } = world();
    const response = exchange.handle({
      method: 'POST',
      path: '/0/private/Balance',
      headers: { 'API-Key': 'nobody', 'API-Sign': 'AAAA', 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(parseEnvelope(response).error).toEqual(['EAPI:Invalid key']);
  });

  it('ordinary signed calls still pass, form and JSON', () => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'Balance', {}, { encoding: 'form' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { encoding: 'json' }).error).toEqual([]);
  });
});
