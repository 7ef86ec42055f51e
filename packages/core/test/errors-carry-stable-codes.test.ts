import { ConfigError, formatIssue, KRAKENKIT_CODES, KrakenkitError, ValidationError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

describe('errors carry stable codes', () => {
  it('has one unique KRAKENKIT_* string per code name', () => {
    const codes = Object.entries(KRAKENKIT_CODES);
    for (const [name, code] of codes) expect(code).toBe(`KRAKENKIT_${name}`);
    expect(new Set(codes.map(([, code]) => code)).size).toBe(codes.length);
  });

  it('makes every error a KrakenkitError with code, category and retryable', () => {
    const invalid = new ValidationError('AddOrder.volume', 0.1, 'a decimal string');
    expect(invalid).toBeInstanceOf(KrakenkitError);
    expect(invalid).toMatchObject({
      code: KRAKENKIT_CODES.INVALID_PARAM,
      category: 'validation',
      retryable: false,
      field: 'AddOrder.volume',
      value: 0.1,
    });
    expect(invalid.message).toBe('invalid AddOrder.volume: got 0.1, expected a decimal string');
  });

  it('answers instanceof for the base class across copies of the package (a branded look-alike)', () => {
    const copy = Object.assign(new Error('x'), { [Symbol.for('krakenkit.error')]: true });
    expect(copy).toBeInstanceOf(KrakenkitError);
    expect(copy).not.toBeInstanceOf(ValidationError);
  });

  it('describes a hostile value without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(() => new ValidationError('x', hostile, 'y')).not.toThrow();
    expect(new ValidationError('x', 10n, 'y').message).toContain('10n');
  });

  it('lists every config issue with file:line:column', () => {
    const error = new ConfigError([
      { path: 'tier', message: 'expected starter|intermediate|pro', file: 'bot.yaml', line: 3, column: 7 },
      { path: 'run', message: 'required' },
    ]);
    expect(error.code).toBe(KRAKENKIT_CODES.CONFIG);
    expect(error.message).toBe('bot.yaml:3:7: tier: expected starter|intermediate|pro\nrun: required');
    expect(formatIssue({ path: '', message: 'empty', file: 'x.yaml' })).toBe('x.yaml: empty');
  });
});
