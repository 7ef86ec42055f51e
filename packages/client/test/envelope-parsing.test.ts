import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../src/envelope.js';
import { KrakenError, TransportError } from '../src/errors/index.js';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('Kraken envelope', () => {
  it('returns the result of a successful answer', () => {
    expect(parseEnvelope(200, '{"error":[],"result":{"ZUSD":"1.0"}}', 'Balance')).toEqual({
      result: { ZUSD: '1.0' },
      warnings: [],
    });
  });

  it('turns the error array into a KrakenError with the strings verbatim', () => {
    const error = failure(() =>
      parseEnvelope(200, '{"error":["EGeneral:Invalid arguments:volume","EFoo:New thing"]}', 'AddOrder'),
    );
    expect(error).toBeInstanceOf(KrakenError);
    expect((error as KrakenError).code).toBe('EGeneral:Invalid arguments:volume');
    expect((error as KrakenError).errors).toEqual(['EGeneral:Invalid arguments:volume', 'EFoo:New thing']);
    expect((error as KrakenError).endpoint).toBe('AddOrder');
  });

  it('keeps a result that only came with warnings', () => {
    expect(
      parseEnvelope(200, '{"error":["WGeneral:Deprecated"],"result":{"txid":["O1"]}}', 'AddOrder'),
    ).toEqual({
      result: { txid: ['O1'] },
      warnings: ['WGeneral:Deprecated'],
    });
  });

  it.each([
    ['not JSON', '<html>502 Bad Gateway</html>'],
    ['no envelope', '{"result":{}}'],
    ['error not a list', '{"error":"EService:Unavailable"}'],
    ['neither errors nor result', '{"error":[]}'],
    ['not an object', '[1,2]'],
  ])('reports %s as a TransportError with an unknown outcome', (_why, body) => {
    const error = failure(() => parseEnvelope(200, body, 'AddOrder'));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect((error as TransportError).code).toBe('KRAKENKIT_BAD_ENVELOPE');
  });

  it('reports a non-200 status as a TransportError carrying the status', () => {
    const error = failure(() => parseEnvelope(503, '{"error":[],"result":{}}', 'AddOrder')) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.status).toBe(503);
    expect(error.outcome).toBe('unknown');
  });
});
