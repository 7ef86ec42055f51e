import { describe, expect, it } from 'vitest';
import { KrakenError, KrakenkitError, TransportError } from '../src/errors/index.js';

describe('Kraken error strings', () => {
  it('keeps the exact string as code and classifies by prefix, detail included', () => {
    const error = new KrakenError(['EGeneral:Invalid arguments:volume'], 'AddOrder');
    expect(error.code).toBe('EGeneral:Invalid arguments:volume');
    expect(error.category).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.is('EGeneral:Invalid arguments')).toBe(true);
  });

  it('reads the retry time from the spaced throttle string', () => {
    const error = new KrakenError(['EService: Throttled: 1700000000'], 'Balance');
    expect(error.category).toBe('rate-limit');
    expect(error.retryAt).toBe(1_700_000_000_000);
    expect(error.is('EService:Throttled')).toBe(true);
  });

  it('marks service failures on a write as ambiguous', () => {
    const error = new KrakenError(['EService:Unavailable'], 'AddOrder');
    expect(error.ambiguous).toBe(true);
    expect(new KrakenError(['EOrder:Margin allowance exceeded'], 'AddOrder').category).toBe(
      'exchange-rejection',
    );
  });

  it('keeps unknown strings verbatim', () => {
    const error = new KrakenError(['EFoo:Something new:detail'], 'Balance');
    expect(error.code).toBe('EFoo:Something new:detail');
    expect(error.errors).toEqual(['EFoo:Something new:detail']);
  });

  it('answers instanceof across copies through its brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('krakenkit.error')]: true });
    expect(foreign instanceof KrakenkitError).toBe(true);
    const error = new TransportError('reset', { endpoint: 'AddOrder', outcome: 'unknown' });
    expect(error instanceof KrakenkitError).toBe(true);
    expect(error instanceof TransportError).toBe(true);
    expect(error.retryable).toBe(false);
  });
});
