/**
 * A minimal loopback Kraken REST stub (node:http on 127.0.0.1) for the REST benchmarks. It answers in Kraken's
 * envelope `{ error: [...], result }` with HTTP 200, as Kraken does:
 * - POST /0/private/AddOrder and /0/private/Balance: checks the API-Key, the API-Sign (Kraken's documented recipe,
 *   so every contestant's signature is verified) and the nonce, then answers;
 * - GET /0/public/AssetPairs and /0/public/Assets: a BTC/USD pair, so CCXT can load its markets.
 * Nonces follow Kraken's default (no nonce window): a key's nonce must be strictly greater than the last accepted
 * one, else `EAPI:Invalid nonce`. Keys marked `strictNonce: false` skip that check (for latency runs, where a
 * client whose nonces repeat would otherwise measure its error path).
 *
 * It runs in a child process (support/stub-process.ts) so its work lands on the other core, not inside the timings.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface StubKey {
  apiKey: string;
  apiSecret: string;
  strictNonce: boolean;
}

/** Per-key counters of what the stub answered. */
export interface KeyStats {
  accepted: number;
  invalidNonce: number;
  invalidSignature: number;
}

const ASSET_PAIRS = {
  XXBTZUSD: {
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    aclass_base: 'currency',
    base: 'XXBT',
    aclass_quote: 'currency',
    quote: 'ZUSD',
    lot: 'unit',
    cost_decimals: 5,
    pair_decimals: 1,
    lot_decimals: 8,
    lot_multiplier: 1,
    leverage_buy: [2, 3, 4, 5],
    leverage_sell: [2, 3, 4, 5],
    fees: [[0, 0.4]],
    fees_maker: [[0, 0.25]],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: '0.00005',
    costmin: '0.5',
    tick_size: '0.1',
    status: 'online',
  },
};
const ASSETS = {
  XXBT: { aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, status: 'enabled' },
  ZUSD: { aclass: 'currency', altname: 'USD', decimals: 4, display_decimals: 2, status: 'enabled' },
};
const BALANCE = { ZUSD: '1000000.0000', XXBT: '10.0000000000' };

const envelope = (result: unknown): string => JSON.stringify({ error: [], result });
const failure = (error: string): string => JSON.stringify({ error: [error] });

interface KeyState extends StubKey {
  secret: Buffer;
  lastNonce: bigint;
  stats: KeyStats;
}

/** Starts the stub on 127.0.0.1 (port 0 = any free port). */
export function createKrakenStub(keys: readonly StubKey[]): {
  server: Server;
  stats: () => Record<string, KeyStats>;
} {
  const states = new Map<string, KeyState>(
    keys.map((key) => [
      key.apiKey,
      {
        ...key,
        secret: Buffer.from(key.apiSecret, 'base64'),
        lastNonce: -1n,
        stats: { accepted: 0, invalidNonce: 0, invalidSignature: 0 },
      },
    ]),
  );
  let orders = 0;

  function privateCall(req: IncomingMessage, path: string, body: string): string {
    const state = states.get(String(req.headers['api-key']));
    if (state === undefined) return failure('EAPI:Invalid key');
    const nonceText = new URLSearchParams(body).get('nonce') ?? '';
    const inner = createHash('sha256').update(nonceText).update(body).digest();
    const expected = createHmac('sha512', state.secret).update(path).update(inner).digest('base64');
    if (req.headers['api-sign'] !== expected) {
      state.stats.invalidSignature += 1;
      return failure('EAPI:Invalid signature');
    }
    const nonce = /^\d+$/.test(nonceText) ? BigInt(nonceText) : -1n;
    if (state.strictNonce && nonce <= state.lastNonce) {
      state.stats.invalidNonce += 1;
      return failure('EAPI:Invalid nonce');
    }
    if (nonce > state.lastNonce) state.lastNonce = nonce;
    state.stats.accepted += 1;
    if (path.endsWith('/Balance')) return envelope(BALANCE);
    orders += 1;
    const txid = `O${orders.toString(36).toUpperCase().padStart(5, 'A')}-BENCH-${String(orders % 1_000_000).padStart(6, '0')}`;
    return envelope({ descr: { order: 'buy 1.25000000 XBTUSD @ limit 37500.0' }, txid: [txid] });
  }

  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    let text: string;
    if (path === '/0/public/AssetPairs') text = envelope(ASSET_PAIRS);
    else if (path === '/0/public/Assets') text = envelope(ASSETS);
    else if (req.method === 'POST' && (path === '/0/private/AddOrder' || path === '/0/private/Balance')) {
      text = privateCall(req, path, body);
    } else text = failure('EGeneral:Unknown method');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  const stats = () => Object.fromEntries([...states].map(([apiKey, state]) => [apiKey, { ...state.stats }]));
  return { server, stats };
}
