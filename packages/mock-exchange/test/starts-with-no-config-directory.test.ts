import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFilePath, findConfigDir, shippedFilePath } from '../src/config/config-files.js';
import { ManualClock } from '../src/core/clock.js';
import { MockExchange } from '../src/exchange.js';
import { startMockExchange } from '../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'mock-no-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the mock exchange starts with no config directory', () => {
  it("reads Kraken's tables from @krakenkit/core's data files, and its markets from its own", () => {
    const require = createRequire(import.meta.url);
    expect(shippedFilePath('tiers.yaml')).toBe(require.resolve('@krakenkit/core/data/tiers.yaml'));
    expect(shippedFilePath('margin-allowances.yaml')).toBe(
      require.resolve('@krakenkit/core/data/margin-allowances.yaml'),
    );
    expect(shippedFilePath('fees.yaml')).toBe(require.resolve('@krakenkit/core/data/fees.yaml'));
    expect(configFilePath('tiers.yaml', undefined)).toBe(shippedFilePath('tiers.yaml'));
  });

  it('serves the shipped markets and demo accounts over HTTP', async () => {
    const running = await startMockExchange({ port: 0, configDir: scratch });
    try {
      const response = await fetch(`${running.url}/0/public/AssetPairs?pair=XBTUSD`);
      const body = (await response.json()) as {
        error: string[];
        result: Record<string, { altname: string }>;
      };
      expect(body.error).toEqual([]);
      expect(body.result['XXBTZUSD']?.altname).toBe('XBTUSD');
      expect(running.state.accounts.key('krakenkit-demo-key')).toBeDefined();
    } finally {
      await running.close();
    }
  });

  it('takes every file it does not find in the config directory from the shipped defaults', () => {
    expect(findConfigDir(scratch)).toBe(scratch);
    const exchange = new MockExchange({ clock: new ManualClock(), configDir: scratch });
    expect(exchange.ctx.tiers.intermediate.maxLeverage).toBe(5);
    expect(exchange.ctx.allowances.entry('XXBT', 'pro')?.allowance.toFixed()).toBe('310');
    expect(exchange.ctx.fees.tiers[0]?.taker.toFixed()).toBe('0.4');
    expect(exchange.ctx.catalog.pairs.length).toBeGreaterThan(0);
  });

  it('refuses a config directory that does not exist (a typo must not silently mean the defaults)', () => {
    expect(() => findConfigDir(join(scratch, 'missing'))).toThrow(/no such config directory/);
  });

  it("lets a config directory's own table override the shipped one, file by file", () => {
    const dir = mkdtempSync(join(scratch, 'own-'));
    const tiers = readFileSync(shippedFilePath('tiers.yaml'), 'utf8').replace(
      /intermediate:\n {2}margin: true\n {2}maxLeverage: 5/,
      'intermediate:\n  margin: true\n  maxLeverage: 2',
    );
    writeFileSync(join(dir, 'tiers.yaml'), tiers);
    const exchange = new MockExchange({ clock: new ManualClock(), configDir: dir });
    expect(exchange.ctx.tiers.intermediate.maxLeverage).toBe(2);
    expect(exchange.ctx.allowances.entry('XXBT', 'pro')?.allowance.toFixed()).toBe('310');
  });

  it("ships the repository's config/mock-exchange.yaml as its default markets and accounts", () => {
    const repository = new URL('../../../config/mock-exchange.yaml', import.meta.url);
    expect(readFileSync(shippedFilePath('mock-exchange.yaml'), 'utf8')).toBe(
      readFileSync(repository, 'utf8'),
    );
  });
});
