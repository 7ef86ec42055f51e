/**
 * A minimal loopback Kraken REST stub (node:http on 127.0.0.1) for the REST benchmarks. It answers in Kraken's
 * envelope `{ error: [...], result }` with HTTP 200, as Kraken does:
 * - POST /0/private/AddOrder, CancelOrder, Balance, OpenOrders and QueryOrders: checks the API-Key, the API-Sign
 *   (Kraken's documented recipe, so every contestant's signature is verified) and the nonce, then answers;
 * - GET /0/public/AssetPairs and /0/public/Assets: a BTC/USD pair, so CCXT can load its markets.
 * Nonces follow Kraken's default (no nonce window): a key's nonce must be strictly greater than the last accepted
 * one, else `EAPI:Invalid nonce`. Keys marked `strictNonce: false` skip that check (for latency runs, where a
 * client whose nonces repeat would otherwise measure its error path).
 * A key with a `tier` has Kraken's REST call counter for that tier (support/rest-counter-model.ts): each query
 * (Balance, OpenOrders, QueryOrders) costs 1 and is refused with `EAPI:Rate limit exceeded` when it does not fit;
 * trading calls are not charged to it. Such a key also records when each query was accepted, so a bench can count
 * the calls inside its window.
 * A key with a `tier` also has Kraken's matching-engine counter per pair for that tier
 * (support/stub-matching-engine.ts, support/trading-counter-model.ts): AddOrder charges +1 and opens an order,
 * CancelOrder (txid or cl_ord_id) charges by the order's age and closes it, and a trading call that does not fit is
 * refused with `EOrder:Rate limit exceeded`, charging nothing. Without a tier, AddOrder and CancelOrder are always accepted and nothing is tracked.
 *
 * It runs in a child process (support/stub-process.ts) so its work lands on the other core, not inside the timings.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { REST_COUNTER_LIMITS, RestCounterModel, type StubTier } from './rest-counter-model.js';
import { StubMatchingEngine, type TradingStats, type TradingVerdict } from './stub-matching-engine.js';
import { TRADING_COUNTER_LIMITS } from './trading-counter-model.js';

export interface StubKey {
  apiKey: string;
  apiSecret: string;
  strictNonce: boolean;
  /** Kraken's REST call counter and matching-engine counters of this tier apply to the key's calls; none without. */
  tier?: StubTier;
}

/** Per-key counters of what the stub answered (the trading ones stay at 0 for a key without tier). */
export interface KeyStats extends TradingStats {
  accepted: number;
  invalidNonce: number;
  invalidSignature: number;
  /** Queries refused with `EAPI:Rate limit exceeded` (keys with a tier). */
  rateLimited: number;
  /** When each query was accepted (epoch ms, keys with a tier only). */
  queriesAcceptedAt: number[];
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
const OPEN_ORDER = {
  refid: null,
  userref: null,
  cl_ord_id: '6d1b2c9e-4f0a-4b8e-9d3c-2a1f0e9b8c7d',
  status: 'open',
  opentm: 1767225600.1234,
  starttm: 0,
  expiretm: 0,
  descr: {
    pair: 'XBTUSD',
    type: 'buy',
    ordertype: 'limit',
    price: '37500.0',
    price2: '0',
    leverage: 'none',
    order: 'buy 1.25000000 XBTUSD @ limit 37500.0',
    close: '',
  },
  vol: '1.25000000',
  vol_exec: '0.00000000',
  cost: '0.00000',
  fee: '0.00000',
  price: '0.00000',
  stopprice: '0.00000',
  limitprice: '0.00000',
  misc: '',
  oflags: 'fciq',
};
const OPEN_ORDER_ID = 'OQCLML-BW3P3-BUCMWZ';
const QUERIES = new Set(['/0/private/Balance', '/0/private/OpenOrders', '/0/private/QueryOrders']);
const ADD_ORDER = '/0/private/AddOrder';
const CANCEL_ORDER = '/0/private/CancelOrder';
const isPrivateCall = (path: string) => path === ADD_ORDER || path === CANCEL_ORDER || QUERIES.has(path);
const NO_TRADING: Readonly<TradingStats> = {
  addsAccepted: 0,
  cancelsAccepted: 0,
  tradingRateLimited: 0,
  tradingCharges: [],
};

const envelope = (result: unknown): string => JSON.stringify({ error: [], result });
const failure = (error: string): string => JSON.stringify({ error: [error] });

interface KeyState extends StubKey {
  secret: Buffer;
  lastNonce: bigint;
  counter: RestCounterModel | undefined;
  trading: StubMatchingEngine | undefined;
  stats: Omit<KeyStats, keyof TradingStats>;
}

/** One counter per pair whichever name a client sends (`XBTUSD`, `XXBTZUSD`, `XBT/USD`): the pair's altname. */
function pairKeyOf(pair: string): string {
  for (const [name, info] of Object.entries(ASSET_PAIRS)) {
    if (pair === name || pair === info.altname || pair === info.wsname) return info.altname;
  }
  return pair;
}

/** The answer to a refused trading call, or undefined when it was accepted. */
function tradingFailure(verdict: TradingVerdict): string | undefined {
  if (verdict === 'rate-limited') return failure('EOrder:Rate limit exceeded');
  return verdict === 'unknown-order' ? failure('EOrder:Unknown order') : undefined;
}

/** A query's answer: Balance, the one open order, or that order under each txid asked for. */
function queryResult(path: string, body: string): unknown {
  if (path.endsWith('/Balance')) return BALANCE;
  if (path.endsWith('/OpenOrders')) return { open: { [OPEN_ORDER_ID]: OPEN_ORDER } };
  const txids = (new URLSearchParams(body).get('txid') ?? OPEN_ORDER_ID).split(',');
  return Object.fromEntries(txids.map((txid) => [txid, OPEN_ORDER]));
}

export interface StubOptions {
  /** The clock of the REST counters (epoch ms); default Date.now (a test freezes it). */
  now?: () => number;
}

/** Starts the stub on 127.0.0.1 (port 0 = any free port). */
export function createKrakenStub(
  keys: readonly StubKey[],
  options: StubOptions = {},
): {
  server: Server;
  stats: () => Record<string, KeyStats>;
} {
  const now = options.now ?? Date.now;
  const states = new Map<string, KeyState>(
    keys.map((key) => [
      key.apiKey,
      {
        ...key,
        secret: Buffer.from(key.apiSecret, 'base64'),
        lastNonce: -1n,
        counter: key.tier && new RestCounterModel(REST_COUNTER_LIMITS[key.tier], now()),
        trading: key.tier && new StubMatchingEngine(TRADING_COUNTER_LIMITS[key.tier]),
        stats: { accepted: 0, invalidNonce: 0, invalidSignature: 0, rateLimited: 0, queriesAcceptedAt: [] },
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
    if (QUERIES.has(path)) {
      if (state.counter !== undefined) {
        const at = now();
        if (!state.counter.tryCharge(1, at)) {
          state.stats.rateLimited += 1;
          return failure('EAPI:Rate limit exceeded');
        }
        state.stats.queriesAcceptedAt.push(at);
      }
      state.stats.accepted += 1;
      return envelope(queryResult(path, body));
    }
    return path === CANCEL_ORDER ? cancelOrder(state, body) : addOrder(state, body);
  }

  function addOrder(state: KeyState, body: string): string {
    orders += 1;
    const txid = `O${orders.toString(36).toUpperCase().padStart(5, 'A')}-BENCH-${String(orders % 1_000_000).padStart(6, '0')}`;
    if (state.trading !== undefined) {
      const params = new URLSearchParams(body);
      const pair = pairKeyOf(params.get('pair') ?? '');
      const clOrdId = params.get('cl_ord_id') ?? undefined;
      const refused = tradingFailure(state.trading.add(txid, pair, clOrdId, now()));
      if (refused !== undefined) return refused;
    }
    state.stats.accepted += 1;
    return envelope({ descr: { order: 'buy 1.25000000 XBTUSD @ limit 37500.0' }, txid: [txid] });
  }

  function cancelOrder(state: KeyState, body: string): string {
    if (state.trading !== undefined) {
      const params = new URLSearchParams(body);
      const ref = { txid: params.get('txid') ?? undefined, clOrdId: params.get('cl_ord_id') ?? undefined };
      const refused = tradingFailure(state.trading.cancel(ref, now()));
      if (refused !== undefined) return refused;
    }
    state.stats.accepted += 1;
    return envelope({ count: 1 });
  }

  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    let text: string;
    if (path === '/0/public/AssetPairs') text = envelope(ASSET_PAIRS);
    else if (path === '/0/public/Assets') text = envelope(ASSETS);
    else if (req.method === 'POST' && isPrivateCall(path)) {
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
  const stats = () =>
    Object.fromEntries(
      [...states].map(([apiKey, state]) => [
        apiKey,
        {
          ...state.stats,
          queriesAcceptedAt: [...state.stats.queriesAcceptedAt],
          ...(state.trading?.snapshot() ?? NO_TRADING),
        },
      ]),
    );
  return { server, stats };
}
