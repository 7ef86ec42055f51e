import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pairInfoOf } from '@krakenkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { nearestPairs } from '../src/pairs/nearest-pairs.js';
import { paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const DCA_ON = (pairs: string) => `  - name: dca
    key: trader
    strategy: dca
    pairs: [${pairs}]
    params: { amount: "100", every: 3s }
`;

/** Kraken-style AssetPairs entries (the fields the runner reads). */
function assetPair(altname: string, wsname: string, base: string, quote: string) {
  return {
    altname,
    wsname,
    base,
    quote,
    aclass_base: 'currency',
    aclass_quote: 'currency',
    pair_decimals: 2,
    lot_decimals: 8,
    ordermin: '0.002',
    costmin: '0.5',
    tick_size: '0.01',
    leverage_buy: [],
    leverage_sell: [],
    status: 'online',
  };
}
const KRAKEN_PAIRS = {
  XETHZUSD: assetPair('ETHUSD', 'ETH/USD', 'XETH', 'ZUSD'),
  ETHUSDT: assetPair('ETHUSDT', 'ETH/USDT', 'XETH', 'USDT'),
  ETHUSDC: assetPair('ETHUSDC', 'ETH/USDC', 'XETH', 'USDC'),
  XXBTZUSD: assetPair('XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD'),
};

/** A Kraken stand-in on loopback answering public AssetPairs, recording what it was asked. */
async function startKrakenStub(): Promise<{
  url: string;
  asked: Array<{ path: string; headers: IncomingHttpHeaders }>;
  server: Server;
}> {
  const asked: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((request, response) => {
    asked.push({ path: request.url ?? '', headers: request.headers });
    const found = request.method === 'GET' && request.url?.startsWith('/0/public/AssetPairs');
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(found ? { error: [], result: KRAKEN_PAIRS } : { error: ['EGeneral:Unknown method'] }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked, server };
}

function krakenConfig(restUrl: string, pairs: string): string {
  return paperConfig(DCA_ON(pairs))
    .replace(
      'exchange: { kind: mock, seed: runner-tests }',
      `exchange: { kind: kraken, restUrl: "${restUrl}" }`,
    )
    .replace(/ {2}balances: .*\n/, '') // Kraken has the real ones
    .replace(
      '  trader:\n',
      '  trader:\n    apiKey: { env: KK_VALIDATE_KEY }\n    secret: { env: KK_VALIDATE_SECRET }\n',
    );
}

/** `file:line:column` of the first occurrence of `text` in a config (1-based, as editors count). */
function placeOf(config: string, text: string): string {
  const lines = config.split('\n');
  const line = lines.findIndex((each) => each.includes(text));
  return `${line + 1}:${(lines[line] ?? '').indexOf(text) + 1}`;
}

let stub: Awaited<ReturnType<typeof startKrakenStub>> | undefined;
afterEach(async () => {
  stub?.server.close();
  stub = undefined;
});

describe('krakenkit validate checks pairs', () => {
  it('reports an unknown pair at file:line:column with the nearest names the embedded mock lists (exit 2)', async () => {
    const config = paperConfig(DCA_ON('XBT/USD, ETH/USDX, btcusdd'));
    const io = memoryIo({ cwd: tempDir({ 'bot.yaml': config }) });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('2 problems in the config:');
    expect(io.err()).toContain(
      `bot.yaml:${placeOf(config, 'ETH/USDX')}: bots[0].pairs[1]: no pair "ETH/USDX" on the embedded mock exchange (AssetPairs); nearest: ETH/USD`,
    );
    expect(io.err()).toContain(
      `bot.yaml:${placeOf(config, 'btcusdd')}: bots[0].pairs[2]: no pair "btcusdd" on the embedded mock exchange (AssetPairs); nearest: XBT/USD`,
    );
  });

  it('passes a file whose pairs the exchange lists, in any of their names (exit 0)', async () => {
    const io = memoryIo({
      cwd: tempDir({ 'bot.yaml': paperConfig(DCA_ON('XBT/USD, ETHUSD, btc/gbp, XXBTZEUR')) }),
    });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/^bot\.yaml: valid\n/);
    expect(io.out()).toMatch(/pairs checked on the embedded mock exchange \(AssetPairs, \d+ pairs\)/);
    expect(io.err()).toBe('');
  });

  it("--live checks against Kraken's public AssetPairs (a loopback stand-in here), one call, no key sent", async () => {
    stub = await startKrakenStub();
    const config = krakenConfig(stub.url, 'ETH/USDX');
    const bad = memoryIo({ cwd: tempDir({ 'bot.yaml': config }) });
    expect(await runCli(['validate', 'bot.yaml', '--live'], bad)).toBe(EXIT.usage);
    expect(bad.err()).toContain(
      `bot.yaml:${placeOf(config, 'ETH/USDX')}: bots[0].pairs[0]: no pair "ETH/USDX" on Kraken (${stub.url}) (AssetPairs); nearest: ETH/USD, ETH/USDC, ETH/USDT`,
    );
    expect(stub.asked.map((request) => request.path)).toEqual(['/0/public/AssetPairs']);
    expect(stub.asked[0]?.headers['api-key']).toBeUndefined();
    const good = memoryIo({ cwd: tempDir({ 'bot.yaml': krakenConfig(stub.url, 'ETH/USDT') }) });
    expect(await runCli(['validate', 'bot.yaml', '--live'], good)).toBe(EXIT.ok);
    expect(good.out()).toContain(`pairs checked on Kraken (${stub.url}) (AssetPairs, 4 pairs)`);
  });

  it('--live says plainly that the pair list could not be read when the network fails (exit 1)', async () => {
    stub = await startKrakenStub();
    const url = stub.url;
    stub.server.close();
    await once(stub.server, 'close');
    const io = memoryIo({ cwd: tempDir({ 'bot.yaml': krakenConfig(url, 'ETH/USD') }) });
    expect(await runCli(['validate', 'bot.yaml', '--live'], io)).toBe(EXIT.failure);
    expect(io.err()).toMatch(
      new RegExp(
        `^krakenkit: KRAKENKIT_PAIR_LIST_UNAVAILABLE: could not read the pair list \\(AssetPairs\\) from ${url.replaceAll('.', '\\.')}: .*ECONNREFUSED`,
      ),
    );
    expect(io.out()).toBe('');
  });
});

describe('the nearest pair names', () => {
  const pairs = Object.entries(KRAKEN_PAIRS).map(([id, raw]) => pairInfoOf(id, raw));

  it('ranks by edit distance over altnames and wsnames, in any case, BTC read as XBT', () => {
    expect(nearestPairs('ETH/USDX', pairs)).toEqual(['ETH/USD', 'ETH/USDC', 'ETH/USDT']);
    expect(nearestPairs('ethusdtt', pairs)).toEqual(['ETH/USDT', 'ETH/USD', 'ETH/USDC']);
    expect(nearestPairs('BTC/USDD', pairs)).toEqual(['XBT/USD']);
    expect(nearestPairs('EHT/USD', pairs)[0]).toBe('ETH/USD'); // a swap is one edit
  });

  it('offers nothing when no listed name is close', () => {
    expect(nearestPairs('DOGE/JPY', pairs)).toEqual([]);
  });
});
