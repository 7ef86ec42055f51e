/**
 * The three REST query pollers the budget bench compares. Each asks Kraken's private queries in turn (Balance,
 * OpenOrders, QueryOrders) for as long as it is told, always wanting more than the REST counter allows, and counts
 * what went wrong:
 * - krakenkit: `createClient({ tier })` with its default limiter (wait mode), WORKERS concurrent pollers; at the
 *   deadline the calls still waiting for budget are aborted through `CallOptions.signal`;
 * - bare: undici `Pool.request` + node:crypto, one poller pacing itself to the tier's documented counter (it waits
 *   until the next call fits, counting each call from when its answer came back, the way a careful hand-written
 *   client would);
 * - CCXT: `kraken` as shipped (its default `rateLimit` and per-endpoint costs), WORKERS concurrent pollers calling
 *   its implicit API (`privatePostBalance`, …); a call its throttle holds past the deadline still goes (it cannot be
 *   withdrawn) and lands outside the window.
 */
import { ALL_PERMISSIONS, createClient, KrakenError } from '@krakenkit/client';
import ccxt from 'ccxt';
import { Pool } from 'undici';
import { barePost } from '../bare-post.js';
import { SECRET } from '../rest-contestants.js';
import { REST_COUNTER_LIMITS, RestCounterModel, type StubTier } from '../rest-counter-model.js';

/** An order id the stub knows (QueryOrders asks for it). */
const TXID = 'OQCLML-BW3P3-BUCMWZ';
const WORKERS = 2;

export const POLLERS = ['krakenkit', 'bare', 'ccxt'] as const;
export type PollerName = (typeof POLLERS)[number];

/** What went wrong while polling: calls refused for the rate limit, anything else (with the first one). */
export interface PollErrors {
  rateLimited: number;
  other: number;
  firstOther?: string;
}

export interface QueryPoller {
  /** Polls until `deadline` (epoch ms) and returns the errors seen. */
  poll(deadline: number): Promise<PollErrors>;
  close(): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message.slice(0, 160)}`
    : String(error).slice(0, 160);
}

function recorder(): PollErrors & { add(error: unknown, rateLimited: boolean): void } {
  const errors: PollErrors = { rateLimited: 0, other: 0 };
  return Object.assign(errors, {
    add(error: unknown, rateLimited: boolean) {
      if (rateLimited) errors.rateLimited += 1;
      else {
        errors.other += 1;
        errors.firstOther ??= describe(error);
      }
    },
  });
}

const snapshot = ({ rateLimited, other, firstOther }: PollErrors): PollErrors => ({
  rateLimited,
  other,
  ...(firstOther === undefined ? {} : { firstOther }),
});

/** Runs `workers` loops of `step` until the deadline. */
async function loops(
  workers: number,
  deadline: number,
  step: (worker: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) await step(worker);
    }),
  );
}

export function krakenkitPoller(origin: string, apiKey: string, tier: StubTier): QueryPoller {
  const client = createClient({
    baseUrl: origin,
    tier,
    key: { name: apiKey, apiKey, apiSecret: SECRET, permissions: ALL_PERMISSIONS },
  });
  let turn = 0;
  const query = (signal: AbortSignal): Promise<unknown> => {
    turn += 1;
    if (turn % 3 === 1) return client.balance({}, { signal });
    if (turn % 3 === 2) return client.openOrders({}, { signal });
    return client.queryOrders({ txid: [TXID] }, { signal });
  };
  return {
    async poll(deadline) {
      const errors = recorder();
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
      await loops(WORKERS, deadline, async () => {
        try {
          await query(stop.signal);
        } catch (error) {
          if (stop.signal.aborted) return; // still waiting for budget at the deadline: never sent
          errors.add(
            error,
            error instanceof KrakenError && error.code.startsWith('EAPI:Rate limit exceeded'),
          );
        }
      });
      clearTimeout(timer);
      return snapshot(errors);
    },
    close: () => client.close(),
  };
}

export function barePoller(origin: string, apiKey: string, tier: StubTier): QueryPoller {
  const pool = new Pool(origin, { connections: 1 });
  const key = { apiKey, secret: Buffer.from(SECRET, 'base64') };
  const pacing = new RestCounterModel(REST_COUNTER_LIMITS[tier], Date.now());
  const calls = [
    ['/0/private/Balance', ''],
    ['/0/private/OpenOrders', ''],
    ['/0/private/QueryOrders', `&txid=${TXID}`],
  ] as const;
  let nonce = Date.now() * 1000;
  let turn = 0;
  return {
    async poll(deadline) {
      const errors = recorder();
      await loops(1, deadline, async () => {
        const wait = Math.ceil(pacing.msUntilFits(1, Date.now()));
        if (Date.now() + wait >= deadline) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
          return;
        }
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (pacing.msUntilFits(1, Date.now()) > 0) return; // woken a little early: wait again
        const [path, rest] = calls[turn % calls.length]!;
        turn += 1;
        nonce += 1;
        try {
          const error = await barePost(pool, key, path, nonce, `nonce=${nonce}${rest}`);
          if (error.length > 0) errors.add(error.join(','), error[0] === 'EAPI:Rate limit exceeded');
        } catch (error) {
          errors.add(error, false);
        }
        // Charged as if the call reached Kraken when its answer came back (the latest it can have): charging at
        // send time runs ahead of the exchange's counter by the queueing delay and gets the next call refused.
        pacing.charge(1, Date.now());
      });
      return snapshot(errors);
    },
    close: () => pool.close(),
  };
}

export function ccxtPoller(origin: string, apiKey: string): QueryPoller {
  const exchange = new ccxt.kraken({ apiKey, secret: SECRET });
  exchange.urls['api'] = { public: origin, private: origin };
  let turn = 0;
  const query = (): Promise<unknown> => {
    turn += 1;
    if (turn % 3 === 1) return exchange.privatePostBalance();
    if (turn % 3 === 2) return exchange.privatePostOpenOrders();
    return exchange.privatePostQueryOrders({ txid: TXID });
  };
  return {
    async poll(deadline) {
      const errors = recorder();
      await loops(WORKERS, deadline, async () => {
        try {
          await query();
        } catch (error) {
          errors.add(error, error instanceof Error && error.message.includes('Rate limit exceeded'));
        }
      });
      return snapshot(errors);
    },
    close: () => exchange.close(),
  };
}
