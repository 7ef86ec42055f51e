import { describe, expect, it } from 'vitest';
import { encodeJson, preparePrivateBody } from '../src/encoding.js';

describe('JSON bodies and a literal __proto__ key', () => {
  it('encode it as an own member instead of silently dropping it', () => {
    const params = JSON.parse('{"__proto__":"+30","pair":"XBTUSD","close":{"__proto__":"x"}}') as Record<
      string,
      unknown
    >;
    const text = encodeJson(params);
    expect(text).toBe('{"__proto__":"+30","pair":"XBTUSD","close":{"__proto__":"x"}}');
    expect(preparePrivateBody('json', params)('7')).toBe(`{"nonce":7,${text.slice(1)}`);
    expect(({} as Record<string, unknown>)['pair']).toBeUndefined();
  });
});
