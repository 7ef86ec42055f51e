import {
  createRateLimiter,
  type KrakenRateLimiter,
  type RateLimiterOptions,
} from '../../src/rate-limit/limiter.js';
import { PRIORITY, type RateTicket } from '../../src/rate-limit/types.js';
import { VirtualClock } from './virtual-clock.js';

/** A limiter on virtual time that records when each call was sent (ms after the start) and how it ended. */
export interface Harness {
  clock: VirtualClock;
  limiter: KrakenRateLimiter;
  start: number;
  sent: Array<{ label: string; at: number }>;
  /** Offers a call now; the promise settles with the send time, or rejects with the limiter's error. */
  call(label: string, ticket: RateTicket, signal?: AbortSignal): Promise<number>;
  /** Advances virtual time by `ms`, firing every timer on the way. */
  advance(ms: number): Promise<void>;
  elapsed(): number;
}

export function harness(options: Partial<Omit<RateLimiterOptions, 'now' | 'sleep'>> = {}): Harness {
  const clock = new VirtualClock();
  const start = clock.now();
  const limiter = createRateLimiter({ tier: 'starter', ...options, now: clock.now, sleep: clock.sleep });
  const sent: Harness['sent'] = [];
  return {
    clock,
    limiter,
    start,
    sent,
    call(label, ticket, signal) {
      return limiter.run(
        ticket,
        async () => {
          const at = clock.now() - start;
          sent.push({ label, at });
          return at;
        },
        signal,
      );
    },
    async advance(ms) {
      await clock.runUntil(clock.now() + ms);
    },
    elapsed: () => clock.now() - start,
  };
}

export const query = (cost: number | 'history' = 1, priority: number = PRIORITY.query): RateTicket => ({
  endpoint: cost === 'history' ? 'Ledgers' : 'Balance',
  rate: { kind: 'rest', cost },
  priority,
});

export const publicCall = (): RateTicket => ({
  endpoint: 'Ticker',
  rate: { kind: 'public' },
  priority: PRIORITY.query,
});

export const add = (pair: string): RateTicket => ({
  endpoint: 'AddOrder',
  rate: { kind: 'trading', action: 'add' },
  pair,
  priority: PRIORITY.order,
});

export const batchAdd = (pair: string, count: number): RateTicket => ({
  endpoint: 'AddOrderBatch',
  rate: { kind: 'trading', action: 'batch-add' },
  pair,
  count,
  priority: PRIORITY.order,
});

export const amend = (id: string, pair?: string): RateTicket => ({
  endpoint: 'AmendOrder',
  rate: { kind: 'trading', action: 'amend' },
  orderIds: [id],
  ...(pair === undefined ? {} : { pair }),
  priority: PRIORITY.order,
});

export const cancel = (...ids: string[]): RateTicket => ({
  endpoint: ids.length > 1 ? 'CancelOrderBatch' : 'CancelOrder',
  rate: { kind: 'trading', action: ids.length > 1 ? 'batch-cancel' : 'cancel' },
  orderIds: ids,
  priority: PRIORITY.cancel,
});

export const cancelAll = (): RateTicket => ({
  endpoint: 'CancelAll',
  rate: { kind: 'trading', action: 'cancel-all' },
  priority: PRIORITY.cancel,
});

export const deadMan = (): RateTicket => ({
  endpoint: 'CancelAllOrdersAfter',
  rate: { kind: 'trading', action: 'dead-man' },
  priority: PRIORITY.cancel,
});

/** Places an order through the limiter and reports it created, as the client does after AddOrder. */
export async function placeOrder(h: Harness, id: string, pair: string): Promise<void> {
  const ticket = add(pair);
  await h.call(`add ${id}`, ticket);
  h.limiter.observe(ticket, { ok: true, created: [{ id, pair }] });
}

/** Settles a promise that should not settle yet: returns 'pending' or its outcome. */
export async function peek<T>(promise: Promise<T>): Promise<T | 'pending' | { error: unknown }> {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      (value) => value,
      (error: unknown) => ({ error }),
    ),
    new Promise<typeof marker>((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return result === marker ? 'pending' : (result as T | { error: unknown });
}
