import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { loadGuardConfig } from '../src/config/load.js';
import { createGuard } from '../src/guard.js';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT } from './support/guard-factory.js';

const EXAMPLE = new URL('../../../config/guard.example.yaml', import.meta.url).pathname;

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('loadGuardConfig', () => {
  it('loads the example file, and an allowance table it names, into a working guard', () => {
    // The example uses the table shipped in @krakenkit/core; naming a table file (here the shipped one) loads it.
    expect(loadGuardConfig(EXAMPLE).allowanceTable).toBeUndefined();
    const named = join(mkdtempSync(join(tmpdir(), 'guard-example-')), 'guard.yaml');
    const table = createRequire(import.meta.url).resolve('@krakenkit/core/data/margin-allowances.yaml');
    writeFileSync(named, `${readFileSync(EXAMPLE, 'utf8')}\nallowancesFile: ${JSON.stringify(table)}\n`);
    const config = loadGuardConfig(named);
    expect(config.tier).toBe('intermediate');
    expect(config.allowanceTable?.currencies['GBP']).toEqual({
      allowance: '1000000',
      fiat: true,
      aliases: ['ZGBP'],
    });
    const guard = createGuard({ ...config, assetPairs: ASSET_PAIRS }, EMPTY_ACCOUNT);
    guard.setReferencePrice('XBTUSD', '50000');
    const decision = guard.check({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: '50000',
      leverage: '3',
    });
    expect(decision.violations.map((v) => v.code)).toEqual(['EGeneral:Invalid arguments:leverage']);
  });

  it('collects every error with file:line:column, the field and what was expected', () => {
    const text = [
      'tier: gold', //                                    line 1
      'sanity:',
      '  priceBandBps: -5', //                            line 3
      '  maxOrderNotional: { USD: 250000 }', //          line 4: money as a number, column 28
      'pairs:',
      '  XBTUSD:',
      '    tickSise: "0.1"', //                          line 7: unknown key (typo)
      '    status: halted', //                           line 8
      'withdrawl: {}', //                                line 9: unknown top-level key
    ].join('\n');
    const issues = issuesOf(() => loadGuardConfig(text, { file: 'bot/guard.yaml' }));
    const where = issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path}`);
    expect(where).toEqual([
      'bot/guard.yaml:1:7 tier',
      'bot/guard.yaml:3:17 sanity.priceBandBps',
      'bot/guard.yaml:4:28 sanity.maxOrderNotional.USD',
      'bot/guard.yaml:7:5 pairs.XBTUSD.tickSise',
      'bot/guard.yaml:8:13 pairs.XBTUSD.status',
      'bot/guard.yaml:9:1 withdrawl',
    ]);
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath['sanity.maxOrderNotional.USD']).toBe(
      'expected a decimal string, got number 250000 (quote it: "250000"; money is never a float)',
    );
    expect(byPath['pairs.XBTUSD.tickSise']).toBe('unknown key "tickSise"');
    expect(byPath['tier']).toContain('"starter"|"intermediate"|"pro"');
  });

  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf(() => loadGuardConfig('tier: pro\npairs: [unclosed\n', { file: 'g.yaml' }));
    expect(issues[0]).toMatchObject({ file: 'g.yaml', line: expect.any(Number) });
    expect(issues[0]?.message).toMatch(/^YAML: /);
  });

  it('reports errors inside a referenced table file under that file’s own name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-config-'));
    writeFileSync(join(dir, 'table.yaml'), 'currencies:\n  BTC: { allowance: 310 }\n');
    writeFileSync(
      join(dir, 'guard.yaml'),
      'tier: pro\nallowancesFile: table.yaml\ntiersFile: missing.yaml\n',
    );
    const issues = issuesOf(() => loadGuardConfig(join(dir, 'guard.yaml')));
    expect(issues[0]).toMatchObject({
      file: 'table.yaml',
      line: 2,
      column: 21,
      path: 'currencies.BTC.allowance',
    });
    // A table file that cannot be read is placed at the field that names it.
    expect(issues[1]).toMatchObject({
      file: join(dir, 'guard.yaml'),
      line: 3,
      column: 12,
      path: 'tiersFile',
    });
    expect(issues[1]?.message).toMatch(/^cannot read missing\.yaml: ENOENT/);
  });

  it('names a missing required key at the map that should hold it', () => {
    const issues = issuesOf(() => loadGuardConfig('sanity:\n  priceBandBps: 10\n', { file: 'g.yaml' }));
    expect(issues).toEqual([
      { file: 'g.yaml', line: 1, column: 1, path: 'tier', message: expect.stringMatching(/^required/) },
    ]);
  });
});

describe('createGuard validates programmatic rules the same way', () => {
  it('throws a ConfigError listing every issue (no line numbers without a file)', () => {
    const issues = issuesOf(() =>
      createGuard({
        tier: 'pro',
        sanity: { maxOrderNotional: { USD: 5 as unknown as string } },
        bogus: 1,
      } as never),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['sanity.maxOrderNotional.USD', 'bogus']);
  });
});

describe('pairs: overrides must name a pair', () => {
  it('matches an override by id, altname, wsname or BASE/QUOTE, in any case', () => {
    for (const name of ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'btc/usd']) {
      const guard = createGuard(
        {
          tier: 'pro',
          assetPairs: ASSET_PAIRS,
          pairs: { [name]: { status: 'cancel_only' } },
        },
        EMPTY_ACCOUNT,
      );
      const decision = guard.check({
        pair: 'XBTUSD',
        side: 'buy',
        orderType: 'limit',
        volume: '1',
        price: '50000',
      });
      expect(decision.violations.map((v) => v.code)).toEqual(['EService:Market in cancel_only mode']);
    }
  });

  it('refuses an override that names no pair when AssetPairs is known (a typo must not drop a limit)', () => {
    const issues = issuesOf(() =>
      createGuard({ tier: 'pro', assetPairs: ASSET_PAIRS, pairs: { XBTUSDD: { maxOrderNotional: '1000' } } }),
    );
    expect(issues).toEqual([expect.objectContaining({ path: 'pairs.XBTUSDD' })]);
  });
});
