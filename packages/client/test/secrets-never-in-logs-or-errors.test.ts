import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { KrakenError } from '../src/errors/index.js';
import { createLogger, REDACTED } from '../src/logger.js';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, startStub } from './helpers/loopback-kraken.js';

/** A pino destination that keeps every line written. */
function memoryStream(): {
  stream: Writable;
  text: () => string;
  records: () => Array<Record<string, unknown>>;
} {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = () => lines.join('');
  return {
    stream,
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

let stub: Stub | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

function everythingAbout(error: unknown): string {
  return [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 20, showHidden: true }),
  ].join('\n');
}

describe('secrets stay secret', () => {
  it('a failing run (EAPI:Invalid signature) leaks neither the secret, the signature nor the otp', async () => {
    const key = testKey();
    const otp = 'otp-918273-Zq';
    const signatures: string[] = [];
    stub = await startStub({ secret: 'c29tZSBvdGhlciBzZWNyZXQ=', handle: () => ({ result: {} }) });
    const memory = memoryStream();
    const logger = createLogger({ level: 'trace', destination: memory.stream });
    client = createClient({
      baseUrl: stub.url,
      key,
      otp: () => otp,
      logger,
      rateLimit: { limiter: passthroughLimiter() },
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    const errors: unknown[] = [];
    for (const call of [
      () => client?.balance(),
      () => client?.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '1' }),
    ]) {
      errors.push(await Promise.resolve(call()).catch((e: unknown) => e));
    }
    for (const request of stub.requests) signatures.push(String(request.headers['api-sign']));

    expect(errors.every((e) => e instanceof KrakenError && e.code === 'EAPI:Invalid signature')).toBe(true);
    expect(signatures.length).toBeGreaterThanOrEqual(2);
    expect(stub.requests[0]?.params['otp']).toBe(otp); // it was sent, so its absence below means something
    const records = memory.records();
    expect(
      records.some(
        (r) => r['endpoint'] === 'Balance' && typeof r['nonce'] === 'string' && r['status'] === 200,
      ),
    ).toBe(true);
    expect(records.every((r) => typeof r['ms'] !== 'string')).toBe(true);

    const haystack = [
      memory.text(),
      inspect(client, { depth: 20, showHidden: true }),
      ...errors.map(everythingAbout),
    ].join('\n');
    const secretBytes = Buffer.from(key.apiSecret, 'base64');
    for (const needle of [
      key.apiSecret,
      secretBytes.toString('hex'),
      secretBytes.toString('latin1'),
      ...signatures,
    ]) {
      expect(haystack.includes(needle)).toBe(false);
    }
    expect(haystack).not.toContain(otp);
  });

  it('a transport failure (timeout) leaks none of them either', async () => {
    const key = testKey();
    stub = await startStub({ secret: key.apiSecret, handle: () => ({ hang: true }) });
    const memory = memoryStream();
    client = createClient({
      baseUrl: stub.url,
      key,
      timeoutMs: 500,
      logger: createLogger({ level: 'trace', destination: memory.stream }),
      rateLimit: { limiter: passthroughLimiter() },
      retry: { attempts: 1 },
    });
    const error = await client.balance().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KRAKENKIT_TIMEOUT', outcome: 'unknown' });
    const signature = String(stub.requests[0]?.headers['api-sign']);
    const haystack = memory.text() + everythingAbout(error);
    expect(haystack).not.toContain(key.apiSecret);
    expect(haystack).not.toContain(signature);
  });

  it('redacts credentials that user code puts into log records', () => {
    const memory = memoryStream();
    const logger = createLogger({ destination: memory.stream });
    logger.info({
      apiSecret: 'SECRET-ONE',
      key: { apiSecret: 'SECRET-TWO', apiKey: 'PUBKEY-ONE', otp: 'OTP-ONE' },
      headers: { 'API-Sign': 'SIGN-ONE', 'API-Key': 'PUBKEY-TWO', 'User-Agent': 'ua' },
      request: { headers: { 'API-Sign': 'SIGN-TWO' } },
      otp: 'OTP-TWO',
    });
    const [record] = memory.records();
    expect(record).toMatchObject({
      apiSecret: REDACTED,
      key: { apiSecret: REDACTED, apiKey: REDACTED, otp: REDACTED },
      headers: { 'API-Sign': REDACTED, 'API-Key': REDACTED, 'User-Agent': 'ua' },
      request: { headers: { 'API-Sign': REDACTED } },
      otp: REDACTED,
    });
    for (const secret of ['SECRET-', 'PUBKEY-', 'SIGN-', 'OTP-']) expect(memory.text()).not.toContain(secret);
  });
});
