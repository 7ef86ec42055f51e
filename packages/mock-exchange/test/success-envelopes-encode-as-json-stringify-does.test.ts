import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelope, JsonText } from '../src/request.js';

describe('envelopes', () => {
  it('write a success as the same text JSON.stringify makes of { error: [], result }', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.object()), (value) => {
        expect(envelope({ ok: true, value }, 'Any').body).toBe(JSON.stringify({ error: [], result: value }));
      }),
    );
  });

  it('put a result kept as JSON text into the envelope as it is', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const kept = new JsonText(JSON.stringify(value));
        expect(envelope({ ok: true, value: kept }, 'Balance').body).toBe(
          JSON.stringify({ error: [], result: value }),
        );
      }),
    );
  });

  it('write a failure as { error: [codes] }, with a fresh JSON content type each time', () => {
    const first = envelope({ ok: false, errors: ['EAPI:Invalid nonce'] }, 'Balance', 200);
    expect(first.body).toBe('{"error":["EAPI:Invalid nonce"]}');
    expect(first.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    first.headers['x-adapter'] = 'written by an adapter';
    expect(envelope({ ok: false, errors: [] }, 'Balance').headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
    });
  });
});
