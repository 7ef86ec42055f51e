import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MockConfigError } from '../src/config/config-error.js';
import { configFilePath, findConfigDir } from '../src/config/config-files.js';
import { ManualClock } from '../src/core/clock.js';
import { MockExchange } from '../src/exchange.js';
import { call, ok } from './support/signer.js';

const realMockYaml = configFilePath('mock-exchange.yaml', findConfigDir());
const scratch = mkdtempSync(join(tmpdir(), 'mock-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function configDirWith(edit: (mockYaml: string) => string): string {
  // Kraken's tables come from the shipped defaults: only the edited mock-exchange.yaml is the directory's own.
  const dir = mkdtempSync(join(scratch, 'c-'));
  writeFileSync(join(dir, 'mock-exchange.yaml'), edit(readFileSync(realMockYaml, 'utf8')));
  return dir;
}

describe('configuration', () => {
  it('the demo accounts of config/mock-exchange.yaml are ready to use', () => {
    const exchange = new MockExchange({ clock: new ManualClock() });
    const demo = exchange.ctx.accounts.key('krakenkit-demo-key')!;
    const key = { apiKey: demo.apiKey, apiSecret: demo.secret.toString('base64') };
    expect(ok<Record<string, string>>(exchange, key, 'Balance')['ZUSD']).toBe('100000.0000');
    expect(exchange.account('starter').tier).toBe('starter');
    expect(exchange.account('pro').volume30d(0).toString()).toBe('1200000');
  });

  it('a float where a decimal string belongs is refused with its path', () => {
    const dir = configDirWith((yaml) => yaml.replace('ordermin: "0.00005"', 'ordermin: 0.00005'));
    expect(() => new MockExchange({ configDir: dir })).toThrow(
      /mock-exchange\.yaml\.pairs\.XXBTZUSD\.ordermin/,
    );
  });

  it('a pair naming an unknown asset is refused', () => {
    const dir = configDirWith((yaml) => yaml.replace('base: SOL,', 'base: NOPE,'));
    expect(() => new MockExchange({ configDir: dir })).toThrow(MockConfigError);
  });

  it('code-supplied accounts and pairs are validated the same way', () => {
    expect(
      () => new MockExchange({ accounts: [{ tier: 'gold' as never, apiKey: 'k', apiSecret: 'AAAA' }] }),
    ).toThrow(/options\.accounts\[0\]\.tier/);
    expect(
      () => new MockExchange({ accounts: [{ tier: 'pro', apiKey: 'k', apiSecret: 'not base64!' }] }),
    ).toThrow(MockConfigError);
    expect(() => new MockExchange({ pairs: ['DOGEJPY'] })).toThrow(/pairs\.DOGEJPY/);
    expect(() => new MockExchange({ configDir: join(scratch, 'missing') })).toThrow(MockConfigError);
  });

  it('a subset of pairs can be listed', () => {
    const exchange = new MockExchange({ pairs: ['XBTUSD', 'ETHUSD'], accounts: [] });
    expect(exchange.ctx.catalog.pairs.map((p) => p.id)).toEqual(['XXBTZUSD', 'XETHZUSD']);
  });

  it('GetWebSocketsToken issues a token the WebSocket adapter can resolve until it expires', () => {
    const clock = new ManualClock();
    const exchange = new MockExchange({ clock });
    const demo = exchange.ctx.accounts.key('krakenkit-demo-key')!;
    const key = { apiKey: demo.apiKey, apiSecret: demo.secret.toString('base64') };
    const { token, expires } = ok<{ token: string; expires: number }>(exchange, key, 'GetWebSocketsToken');
    expect(expires).toBe(900);
    expect(exchange.resolveWsToken(token)).toMatchObject({ accountId: 'demo', apiKey: 'krakenkit-demo-key' });
    clock.advance(900_000);
    expect(exchange.resolveWsToken(token)).toBeUndefined();
    expect(
      call(exchange, key, 'AddOrder', {
        ordertype: 'limit',
        type: 'buy',
        pair: 'XBTUSD',
        volume: '0.01',
        price: '60000.0',
        validate: true,
      }).result,
    ).toEqual({
      descr: { order: 'buy 0.01000000 XBTUSD @ limit 60000.0' },
    });
    expect(exchange.account('demo').orders.size).toBe(0);
  });
});
