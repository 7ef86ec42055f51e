import { ConfigError } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { loadGuardConfig } from '../src/config/load.js';

/** Ten levels of ten aliases each: 10^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['l0: &l0 "lol"'];
  for (let i = 1; i <= 9; i += 1)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function issuesOf(text: string, file: string) {
  try {
    loadGuardConfig(text, { file });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('loadGuardConfig and hostile YAML documents', () => {
  it('refuses a billion-laughs document with a ConfigError at the first alias, without expanding it', () => {
    let error: unknown;
    try {
      loadGuardConfig(billionLaughs(), { file: 'bomb.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({
        file: 'bomb.yaml',
        line: 2,
        column: 10,
        message: expect.stringMatching(/alias/),
      }),
    ]);
  });

  it('still accepts ordinary aliases', () => {
    const config = loadGuardConfig('tier: intermediate\nrounding: &r { volume: round-down }\n', {
      file: 'ok.yaml',
    });
    expect(config.tier).toBe('intermediate');
  });

  it('reports duplicate keys at the repeated key, in any mapping', () => {
    const issues = issuesOf(
      'tier: intermediate\nsanity:\n  maxOpenOrdersPerPair: 5\n  maxOpenOrdersPerPair: 6\n',
      'dup.yaml',
    );
    expect(issues).toEqual([
      { path: '', file: 'dup.yaml', line: 4, column: 3, message: 'YAML: Map keys must be unique' },
    ]);
  });

  it('reports a document of 20,000 unknown keys as the first 100 located issues and a count of the rest', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: "${i}"`).join('\n');
    const issues = issuesOf(`tier: intermediate\nsanity:\n${keys}\n`, 'huge.yaml');
    expect(issues).toHaveLength(101);
    expect(issues[0]).toMatchObject({ path: 'sanity.k0', file: 'huge.yaml', line: 3, column: 3 });
    expect(issues[100]).toEqual({ path: '', file: 'huge.yaml', message: '19900 more issues not shown' });
  });
});
