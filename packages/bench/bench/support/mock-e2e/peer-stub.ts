/**
 * The peer stub: the least a server must do to answer a signed Kraken call honestly, as a bare node:http server.
 * For `POST /0/private/Balance` it checks the API-Key, the API-Sign (Kraken's recipe over the exact body) and the
 * nonce (strictly greater than the key's last accepted one), then answers one fixed Kraken envelope. It is the
 * yardstick the mock exchange's throughput is held against; anything else is `EGeneral:Unknown method`.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { BALANCE_PATH, type BenchKey } from './keys.js';

interface KeyState {
  secret: Buffer;
  lastNonce: bigint;
}

const BALANCE = JSON.stringify({ error: [], result: { ZUSD: '1000000.0000', XXBT: '10.0000000000' } });
const failure = (error: string): string => JSON.stringify({ error: [error] });

function check(states: Map<string, KeyState>, apiKey: unknown, apiSign: unknown, body: string): string {
  const state = typeof apiKey === 'string' ? states.get(apiKey) : undefined;
  if (state === undefined) return failure('EAPI:Invalid key');
  const nonceText = new URLSearchParams(body).get('nonce') ?? '';
  const inner = createHash('sha256').update(nonceText).update(body).digest();
  const expected = createHmac('sha512', state.secret).update(BALANCE_PATH).update(inner).digest('base64');
  if (apiSign !== expected) return failure('EAPI:Invalid signature');
  const nonce = /^\d{1,20}$/.test(nonceText) ? BigInt(nonceText) : -1n;
  if (nonce <= state.lastNonce) return failure('EAPI:Invalid nonce');
  state.lastNonce = nonce;
  return BALANCE;
}

export function createPeerStub(keys: readonly BenchKey[]): Server {
  const states = new Map<string, KeyState>(
    keys.map((key) => [key.apiKey, { secret: Buffer.from(key.apiSecret, 'base64'), lastNonce: -1n }]),
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const text =
        req.method === 'POST' && req.url === BALANCE_PATH
          ? check(states, req.headers['api-key'], req.headers['api-sign'], body)
          : failure('EGeneral:Unknown method');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}
