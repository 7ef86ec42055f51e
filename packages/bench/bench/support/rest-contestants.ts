/**
 * The three REST callers the order-path benchmark compares, each placing the same limit order (buy 1.25 XBTUSD at
 * 37500) against the loopback stub and reporting whether Kraken's envelope came back with an error:
 * - krakenkit `client.addOrder` (its default undici Pool transport, key lane, nonce source, validation, envelope),
 *   with the limiter it is given: by default a pass-through one so Kraken's budget does not hold back thousands of
 *   back-to-back orders (orders-e2e passes Kraken's own limiter, its threshold out of reach instead);
 * - CCXT `kraken.createOrder` as configured out of the box (its throttle stays on: AddOrder costs 0 in CCXT's
 *   Kraken table, so it never delays orders), markets loaded once from the stub beforehand;
 * - a bare caller: undici Pool.request + node:crypto signing + JSON.parse, microsecond counter nonce, a fresh
 *   cl_ord_id (UUID) per order as krakenkit sends.
 * Each outcome is 'ok', 'invalid-nonce' or 'other' (with the error, for the report).
 */
import { randomUUID } from 'node:crypto';
import { ALL_PERMISSIONS, createClient, KrakenError } from '@krakenkit/client';
import type { RateLimiter } from '@krakenkit/client/rate-limit';
import ccxt from 'ccxt';
import { Pool } from 'undici';
import { barePost } from './bare-post.js';

/** The official REST signing vector's secret (docs/kraken/rest-authentication.md), used by every bench key. */
export const SECRET =
  'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';

export type Outcome = 'ok' | 'invalid-nonce' | 'other';

export interface OrderCaller {
  readonly name: string;
  placeOrder(): Promise<Outcome>;
  /** The first unexpected error seen, for the report. */
  readonly firstOther: unknown;
  close(): Promise<void>;
}

const passThrough: RateLimiter = {
  run: (_ticket, send) => send(),
  observe: () => {},
  budget: () => ({
    rest: { counter: 0, max: 20, decayPerSecond: 1 },
    trading: {},
    throttledUntil: undefined,
  }),
};

/** Turns a thrown error into an outcome, remembering the first unexpected one. */
function outcomeOf(error: unknown, isNonce: boolean, memo: { firstOther: unknown }): Outcome {
  if (isNonce) return 'invalid-nonce';
  memo.firstOther ??= error;
  return 'other';
}

export function krakenkitCaller(
  origin: string,
  apiKey: string,
  limiter: RateLimiter = passThrough,
): OrderCaller {
  const client = createClient({
    baseUrl: origin,
    key: { name: apiKey, apiKey, apiSecret: SECRET, permissions: ALL_PERMISSIONS },
    rateLimit: { limiter },
  });
  const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;
  const memo = { name: 'krakenkit client.addOrder', firstOther: undefined as unknown };
  return Object.assign(memo, {
    async placeOrder(): Promise<Outcome> {
      try {
        await client.addOrder(order);
        return 'ok';
      } catch (error) {
        return outcomeOf(error, error instanceof KrakenError && error.code === 'EAPI:Invalid nonce', memo);
      }
    },
    close: () => client.close(),
  });
}

/** CCXT's kraken pointed at the stub, markets loaded (not part of any timing). */
export async function ccxtCaller(origin: string, apiKey: string): Promise<OrderCaller> {
  const exchange = new ccxt.kraken({ apiKey, secret: SECRET });
  exchange.urls['api'] = { public: origin, private: origin };
  await exchange.loadMarkets();
  // Loading markets spent CCXT's throttle tokens (AssetPairs and Assets cost 1 each); until they refill, even
  // cost-0 calls wait about a second. Start every measurement from a rested throttle, as a long-running bot would.
  await exchange.throttle(0);
  const memo = { name: 'ccxt kraken.createOrder', firstOther: undefined as unknown };
  return Object.assign(memo, {
    async placeOrder(): Promise<Outcome> {
      try {
        await exchange.createOrder('BTC/USD', 'limit', 'buy', 1.25, 37500);
        return 'ok';
      } catch (error) {
        return outcomeOf(error, error instanceof ccxt.InvalidNonce, memo);
      }
    },
    close: () => exchange.close(),
  });
}

/** What a careful hand-written caller does: one Pool, the documented recipe, a counter nonce. */
export function bareCaller(origin: string, apiKey: string): OrderCaller {
  const pool = new Pool(origin, { connections: 8 });
  const key = { apiKey, secret: Buffer.from(SECRET, 'base64') };
  const path = '/0/private/AddOrder';
  const form = '&pair=XBTUSD&type=buy&ordertype=limit&price=37500&volume=1.25&cl_ord_id=';
  let nonce = Date.now() * 1000;
  const memo = { name: 'bare undici Pool.request + node:crypto', firstOther: undefined as unknown };
  return Object.assign(memo, {
    async placeOrder(): Promise<Outcome> {
      nonce += 1;
      try {
        const error = await barePost(pool, key, path, nonce, `nonce=${nonce}${form}${randomUUID()}`);
        if (error.length === 0) return 'ok';
        return outcomeOf(error, error[0] === 'EAPI:Invalid nonce', memo);
      } catch (error) {
        return outcomeOf(error, false, memo);
      }
    },
    close: () => pool.close(),
  });
}
