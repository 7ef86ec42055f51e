import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllowanceTable,
  ConfigError,
  loadAllowanceTable,
  loadFeeSchedule,
  loadTierTable,
  shippedTablePath,
} from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

describe('tables load from the data files shipped in the package', () => {
  it('finds them through the package exports, as another package (the mock exchange) does', () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve('@krakenkit/core/data/tiers.yaml')).toBe(shippedTablePath('tiers'));
    expect(require.resolve('@krakenkit/core/data/margin-allowances.yaml')).toBe(
      shippedTablePath('allowances'),
    );
    expect(require.resolve('@krakenkit/core/data/fees.yaml')).toBe(shippedTablePath('fees'));
  });

  it("holds Kraken's documented tier limits (docs/kraken/rate-limits.md, docs/kraken/tiers-and-fees.md)", () => {
    const tiers = loadTierTable();
    expect(tiers.starter).toEqual({
      margin: false,
      maxLeverage: 1,
      withdrawalDailyUsd: '5000',
      fiatDepositDailyUsd: '0',
      rest: { max: 15, decayPerSecond: 0.33 },
      trading: { threshold: 60, decayPerSecond: 1, maxOpenOrdersPerPair: 60 },
    });
    expect(tiers.intermediate.trading).toEqual({
      threshold: 125,
      decayPerSecond: 2.34,
      maxOpenOrdersPerPair: 80,
    });
    expect(tiers.pro.rest).toEqual({ max: 20, decayPerSecond: 1 });
  });

  it('lists the seed allowance table: 62 currencies, seven fiat, KEEP reduce-only at 0', () => {
    const rows = Object.entries(loadAllowanceTable().currencies);
    expect(rows).toHaveLength(62);
    expect(rows.filter(([, row]) => row.fiat).map(([name]) => name)).toEqual([
      'AUD',
      'CAD',
      'CHF',
      'EUR',
      'GBP',
      'JPY',
      'USD',
    ]);
    expect(loadAllowanceTable().currencies['KEEP']).toEqual({ allowance: '0', reduceOnly: true });
    const table = new AllowanceTable(loadAllowanceTable(), 'pro');
    expect(table.currencyOf('XXBT')).toBe('BTC');
    expect(table.rowOf('GBP').allowance.toFixed()).toBe('1000000');
  });

  it('holds the fee schedule by 30-day volume, lowest tier first', () => {
    const fees = loadFeeSchedule();
    expect(fees.volumeCurrency).toBe('ZUSD');
    expect(fees.tiers[0]).toEqual({ volume: '0', maker: '0.25', taker: '0.40' });
    expect(fees.tiers).toHaveLength(10);
  });

  it('reads the shipped tables once and hands out frozen data', () => {
    expect(loadTierTable()).toBe(loadTierTable());
    expect(Object.isFrozen(loadTierTable().pro.trading)).toBe(true);
  });

  it("reads a user's own table in place of the shipped one, and locates its errors", () => {
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-core-'));
    const own = join(dir, 'fees.yaml');
    writeFileSync(own, 'volumeCurrency: ZUSD\ntiers:\n  - { volume: "0", maker: "0.1", taker: "0.2" }\n');
    expect(loadFeeSchedule(own).tiers).toEqual([{ volume: '0', maker: '0.1', taker: '0.2' }]);
    const bad = join(dir, 'tiers.yaml');
    writeFileSync(bad, 'starter:\n  margin: maybe\n');
    let error: unknown;
    try {
      loadTierTable(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toContainEqual(
      expect.objectContaining({ path: 'starter.margin', file: bad, line: 2, column: 11 }),
    );
    expect(() => loadTierTable(join(dir, 'missing.yaml'))).toThrow(/cannot read/);
  });

  it('refuses a table path that is no regular file or is too big, without reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-tables-'));
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(1024 * 1024)}\n`);
    expect(() => loadTierTable(big)).toThrow(ConfigError);
    expect(() => loadTierTable(big)).toThrow(/over the limit/);
    expect(() => loadFeeSchedule(dir)).toThrow(/not a regular file \(a directory\)/);
    expect(() => loadAllowanceTable('/dev/zero')).toThrow(/not a regular file \(a character device\)/);
  });
});
