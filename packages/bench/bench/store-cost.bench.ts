/**
 * What sharing state through a store costs an order, memory vs a durable directory vs Redis, in one run:
 *
 * (a) the store's hot path of one order: `beginCall` (its nonce and its turn) + `commit` (the guard's journal
 *     entry, with the REST counter charge in the same step) + `endCall`, sequential, per order;
 * (b) a whole guard reservation: `reserve()` of a shared guard (`createSharedGuard`, journal in the store) vs a
 *     plain local guard (`createGuard`), the same margin order;
 * (c) how many store calls (round trips, on a networked store) one order makes through a client and a guarded
 *     client both sharing the key through the store, against the in-process mock exchange.
 * Rounds alternate the stores in rotating order; p50/p99/min/max are over every order of every round. Redis is
 * skipped (and said so) when none answers. Asserts nothing about time; exits non-zero if an order is refused.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/bench/bench/store-cost.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { type AssetPairsResult, createClient } from '@krakenkit/client';
import { createGuard, guardClient } from '@krakenkit/guard';
import { createSharedGuard } from '@krakenkit/guard/shared';
import { createMockExchange, mockTransport } from '@krakenkit/mock-exchange';
import { createMemoryStore } from '@krakenkit/store';
import { advantage, alternate, emit, loadAverage, median, microsSince } from './support/report.js';
import { countingStore, openStores, type Store, spread } from './support/store-contestants.js';

const BENCH = 'store-cost';
const ORDERS_PER_ROUND = 200;
const ROUNDS = 10;
const CALL = { window: 0, leaseMs: 30_000 };
// Granted every time: the figure is what a charge costs, not how a full counter waits.
const REST_CHARGE = { counter: 'rest', cost: 1, max: 1e12, decayPerSecond: 1e12 };
// About the size of a guard reservation entry.
const ENTRY = JSON.stringify({
  type: 'reserve',
  ref: 'bench.R1',
  at: 1_767_225_600_000,
  owner: 'bench',
  order: {
    pair: 'XXBTZUSD',
    side: 'buy',
    orderType: 'limit',
    volume: '0.01',
    price: '64900.0',
    leverage: '5',
  },
  charges: [{ pair: 'XXBTZUSD', cost: 1 }],
});

const exchange = createMockExchange({ seed: 'bench-store' });
const assetPairs = publicResult('AssetPairs') as AssetPairsResult;
const touch = { bid: '64999.5', ask: '65000.5' };
// Allowance and matching-engine budget out of reach: the figure is a reservation's cost, never a refusal or a wait.
const RULES = {
  tier: 'intermediate' as const,
  assetPairs,
  allowances: { USD: { allowance: '1000000000000' } },
  tierLimits: { intermediate: { trading: { threshold: 1_000_000_000 } } },
};
const INTENT = {
  pair: 'XBTUSD',
  side: 'buy' as const,
  orderType: 'limit' as const,
  volume: '0.01',
  price: '64900.0',
  leverage: '5',
};
const EMPTY_ACCOUNT = { openOrders: { open: {} }, openPositions: {} };

function publicResult(name: string): unknown {
  const response = exchange.handle({ method: 'GET', path: `/0/public/${name}`, headers: {} });
  return (JSON.parse(response.body) as { result: unknown }).result;
}

/** Each step's time (µs) of one order in (a). */
type Steps = { beginCall: number; commit: number; endCall: number };

/** (a) One order's store calls, timed step by step; `seq` is the journal position this writer has applied. */
async function storeOrder(store: Store, account: string, state: { seq: number }): Promise<Steps> {
  const start = process.hrtime.bigint();
  const call = await store.beginCall(account, CALL);
  if (!call.granted) throw new Error(`${store.kind}: beginCall refused with nothing in flight`);
  const begun = process.hrtime.bigint();
  const answer = await store.commit(account, {
    stream: 'bench',
    expectedSeq: state.seq,
    entries: [ENTRY],
    charges: [REST_CHARGE],
  });
  if (answer.status !== 'appended') throw new Error(`${store.kind}: commit ${answer.status}`);
  state.seq = answer.seq;
  const committed = process.hrtime.bigint();
  await store.endCall(account, call.nonce);
  return {
    beginCall: Number(begun - start) / 1e3,
    commit: Number(committed - begun) / 1e3,
    endCall: microsSince(committed),
  };
}

async function hotPath(stores: Map<string, Store>): Promise<Map<string, number[]>> {
  const samples = new Map([...stores.keys()].map((name) => [name, [] as number[]]));
  const steps = new Map([...stores.keys()].map((name) => [name, [] as Steps[]]));
  const rounds = Object.fromEntries(
    [...stores].map(([name, store]) => {
      const account = `bench-${randomBytes(6).toString('hex')}`;
      const state = { seq: 0 };
      const round = async () => {
        const own = samples.get(name) ?? [];
        for (let i = 0; i < ORDERS_PER_ROUND; i += 1) {
          const order = await storeOrder(store, account, state);
          steps.get(name)?.push(order);
          own.push(order.beginCall + order.commit + order.endCall);
        }
        // Outside the timing, as a shared guard does every few hundred entries.
        await store.compactJournal(account, 'bench', state.seq, '{}');
        return median(own.slice(-ORDERS_PER_ROUND));
      };
      return [name, round];
    }),
  );
  await storeOrder([...stores.values()][0] as Store, 'bench-warm', { seq: 0 }); // module warm-up
  await alternate(rounds, ROUNDS);
  for (const [name, orders] of steps) {
    const p50 = (step: keyof Steps) => spread(orders.map((order) => order[step])).p50.toFixed(1);
    console.log(
      `  ${name}: p50 by step: beginCall ${p50('beginCall')} µs, commit ${p50('commit')} µs, endCall ${p50('endCall')} µs`,
    );
  }
  return samples;
}

/** (b) Reservations of a guard, timed one by one; each is released untimed (an order the exchange refused). */
async function guardReserves(stores: Map<string, Store>): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>([['local', []]]);
  const local = createGuard(RULES, { ...EMPTY_ACCOUNT, referencePrices: { XXBTZUSD: touch } });
  const rounds: Record<string, () => Promise<number>> = {
    local: async () => {
      const own = samples.get('local') ?? [];
      for (let i = 0; i < ORDERS_PER_ROUND; i += 1) {
        const start = process.hrtime.bigint();
        const reservation = local.reserve(INTENT);
        own.push(microsSince(start));
        release(reservation, (ref) => local.apply({ type: 'order-rejected', ref }));
      }
      return median(own.slice(-ORDERS_PER_ROUND));
    },
  };
  for (const [name, store] of stores) {
    const shared = await createSharedGuard(RULES, {
      store,
      account: `bench-${randomBytes(6).toString('hex')}`,
    });
    await shared.seed(EMPTY_ACCOUNT);
    shared.setReferencePrice('XXBTZUSD', touch);
    const own: number[] = [];
    samples.set(`shared ${name}`, own);
    rounds[`shared ${name}`] = async () => {
      for (let i = 0; i < ORDERS_PER_ROUND; i += 1) {
        const start = process.hrtime.bigint();
        const reservation = await shared.reserve(INTENT);
        own.push(microsSince(start));
        await release(reservation, (ref) => shared.apply({ type: 'order-rejected', ref }));
      }
      return median(own.slice(-ORDERS_PER_ROUND));
    };
  }
  await alternate(rounds, ROUNDS);
  return samples;
}

function release<T>(
  reservation: { allowed: boolean; ref?: string; violations: unknown },
  apply: (ref: string) => T,
): T {
  if (!reservation.allowed || reservation.ref === undefined)
    throw new Error(`the bench order was refused: ${JSON.stringify(reservation.violations)}`);
  return apply(reservation.ref);
}

/** (c) Store calls of one order through a client and a guarded client that share the key through the store. */
async function callsPerOrder(
  orders: number,
): Promise<{ perOrder: number; byMethod: Record<string, number>; sequence: string }> {
  const apiKey = `bench-${randomBytes(6).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  exchange.addAccount({
    id: apiKey,
    tier: 'intermediate',
    apiKey,
    apiSecret,
    balances: { ZUSD: '10000000' },
  });
  const counting = countingStore(createMemoryStore());
  const account = `bench-${apiKey}`;
  const client = createClient({
    key: {
      name: 'bench',
      apiKey,
      apiSecret,
      permissions: [
        'funds_query',
        'trades_query_open',
        'trades_query_closed',
        'trades_modify',
        'trades_close',
      ],
    },
    tier: 'intermediate',
    transport: markSends(counting.log),
    store: { store: counting.store, account },
  });
  const guard = await createSharedGuard(
    { ...RULES, assetPairs: await client.assetPairs() },
    {
      store: counting.store,
      account,
    },
  );
  await guard.seed(EMPTY_ACCOUNT);
  const mid = publicResult('Ticker?pair=XBTUSD') as Record<string, { b: [string]; a: [string] }>;
  const ticker = Object.values(mid)[0];
  guard.setReferencePrice('XXBTZUSD', { bid: ticker?.b[0] ?? touch.bid, ask: ticker?.a[0] ?? touch.ask });
  const guarded = guardClient(client, guard);
  const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', leverage: '5' } as const;
  const price = (ticker?.b[0] ?? '60000').replace(/\..*$/, '');
  await guarded.addOrder({ ...order, price: `${Number(price) - 500}.0` }); // warm-up, not counted
  counting.counts.clear();
  counting.log.length = 0;
  for (let i = 0; i < orders; i += 1)
    await guarded.addOrder({ ...order, price: `${Number(price) - 500 - i}.0` });
  const byMethod = Object.fromEntries([...counting.counts].map(([name, count]) => [name, count / orders]));
  const perOrder = counting.total() / orders;
  const sequence = counting.log.slice(0, Math.round(perOrder) + 1).join(' → ');
  await client.close();
  return { perOrder, byMethod, sequence };
}

// The in-process transport, noting in the store's call log when a request goes out.
function markSends(log: string[]): ReturnType<typeof mockTransport> {
  const inner = mockTransport(exchange);
  return {
    send: (request) => {
      log.push(`[${request.path.split('/').pop()} sent]`);
      return inner.send(request);
    },
  };
}

function report(section: string, samples: Map<string, number[]>, reference: string): void {
  const base = spread(samples.get(reference) ?? []);
  for (const [name, values] of samples) {
    const { p50, p99, min, max } = spread(values);
    console.log(
      `  ${name.padEnd(14)} p50 ${p50.toFixed(1).padStart(8)} µs  p99 ${p99.toFixed(1).padStart(8)} µs  ` +
        `min ${min.toFixed(1).padStart(7)}  max ${max.toFixed(1).padStart(9)}  (${values.length} orders)`,
    );
    const vs = name === reference ? {} : { vs: reference, ratio: advantage(p50, base.p50, 'lower') };
    emit({ bench: BENCH, metric: `${section}: ${name} p50`, value: p50, unit: 'µs/order', ...vs });
    emit({ bench: BENCH, metric: `${section}: ${name} p99`, value: p99, unit: 'µs/order' });
  }
}

console.log(`${BENCH}: ${loadAverage()}`);
const contestants = await openStores();
try {
  for (const line of contestants.skipped) console.log(`(skipped ${line})`);
  console.log(
    `(a) store hot path per order: beginCall + commit (entry + REST charge) + endCall, ${ROUNDS} rounds`,
  );
  report('hot path', await hotPath(contestants.stores), 'memory');
  console.log(
    `(b) guard reserve per order: shared guard (journal in the store) vs a local guard, ${ROUNDS} rounds`,
  );
  report('reserve', await guardReserves(contestants.stores), 'local');
} finally {
  await contestants.close();
}
const calls = await callsPerOrder(50);
console.log(
  `(c) store calls per order through client + guarded client (memory store): ${calls.perOrder} ` +
    `${JSON.stringify(calls.byMethod)}: ${calls.sequence} (goal: 1 round trip per order)`,
);
emit({
  bench: BENCH,
  metric: 'store calls per order (client + shared guard)',
  value: calls.perOrder,
  unit: 'calls',
  note: JSON.stringify(calls.byMethod),
});
console.log(`${BENCH}: done, ${loadAverage()}`);
