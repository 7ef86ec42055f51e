/**
 * Per-request overhead of the krakenkit client against a loopback node:http server, next to a bare baseline in
 * the same run: undici Pool.request + node:crypto signing + JSON.parse of the answer, sequential requests, same
 * server, same body shape. Rows alternate over many short rounds (so load from other processes hits them alike);
 * the median and the best round of each are reported. Prints a table and the client/baseline ratios (goal ≤ 1.5x);
 * asserts nothing.
 *
 * The client rows use a pass-through rate limiter: thousands of back-to-back private calls would otherwise (rightly)
 * be held to Kraken's REST budget, and the figure wanted here is the cost of the client's own pipeline
 * (validation, permission check, lane, nonce, encoding, signing, transport, envelope, logging checks).
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/client/bench/request-overhead.bench.ts
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { createClient } from '../src/client.js';
import { ALL_PERMISSIONS } from '../src/keys/permissions.js';
import type { RateLimiter } from '../src/rate-limit/types.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const REQUESTS = 1_000;
const ROUNDS = 12;
const ANSWER = JSON.stringify({ error: [], result: { ZUSD: '1000.0000', XXBT: '0.5000000000' } });
const ORDER_ANSWER = JSON.stringify({
  error: [],
  result: { descr: { order: 'buy' }, txid: ['OUF4EM-FRGI2-MQMWZD'] },
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url?.endsWith('AddOrder') ? ORDER_ANSWER : ANSWER);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const passThrough: RateLimiter = {
  run: (_ticket, send) => send(),
  observe: () => {},
  budget: () => ({
    rest: { counter: 0, max: 20, decayPerSecond: 1 },
    trading: {},
    throttledUntil: undefined,
  }),
};
const client = createClient({
  baseUrl: origin,
  key: { name: 'bench', apiKey: 'bench-key', apiSecret: SECRET, permissions: ALL_PERMISSIONS },
  rateLimit: { limiter: passThrough },
});

// The same client over the fetch transport (what msw users run), for the Pool-vs-fetch figure.
const overFetch = createClient({
  baseUrl: origin,
  fetch,
  key: { name: 'bench', apiKey: 'bench-key', apiSecret: SECRET, permissions: ALL_PERMISSIONS },
  rateLimit: { limiter: passThrough },
});

// Baseline: what a careful hand-written caller does for one private call.
const pool = new Pool(origin, { connections: 8 });
const key = Buffer.from(SECRET, 'base64');
let nonce = Date.now() * 1000;
async function bareCall(path: string, params: string): Promise<unknown> {
  nonce += 1;
  const body = `nonce=${nonce}${params}`;
  const inner = createHash('sha256').update(`${nonce}${body}`).digest();
  const sign = createHmac('sha512', key).update(path).update(inner).digest('base64');
  const response = await pool.request({
    method: 'POST',
    path,
    body,
    headers: {
      'API-Key': 'bench-key',
      'API-Sign': sign,
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'User-Agent': 'bench',
    },
  });
  const parsed = JSON.parse(await response.body.text()) as { result: unknown };
  return parsed.result;
}

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;
const ORDER_FORM =
  '&pair=XBTUSD&type=buy&ordertype=limit&price=37500&volume=1.25&cl_ord_id=6d1b2c9e-4f0a-4b8e-9d3c-2a1f0e9b8c7d';

const rows: Record<string, () => Promise<unknown>> = {
  'bare Pool.request + sign (Balance)': () => bareCall('/0/private/Balance', ''),
  'krakenkit client.balance()': () => client.balance(),
  'bare Pool.request + sign (AddOrder)': () => bareCall('/0/private/AddOrder', ORDER_FORM),
  'krakenkit client.addOrder()': () => client.addOrder(ORDER),
  'krakenkit client.balance(), fetch transport': () => overFetch.balance(),
};

async function timeRow(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i += 1) await run();
  return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
}

for (const run of Object.values(rows)) for (let i = 0; i < 500; i += 1) await run(); // warm-up
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(rows).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of Object.entries(rows)) {
    const micros = await timeRow(run);
    samples[name]?.push(micros);
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const stat = (name: string, pick: (values: readonly number[]) => number) => pick(samples[name] ?? []);
const ratio = (client: string, bare: string, pick: (values: readonly number[]) => number) =>
  (stat(client, pick) / stat(bare, pick)).toFixed(2);
console.log(
  `request overhead, ${ROUNDS} rounds × ${REQUESTS} sequential requests per row (node ${process.version})`,
);
console.table(
  Object.keys(rows).map((variant) => ({
    variant,
    'median µs/request': stat(variant, median).toFixed(1),
    'best µs/request': stat(variant, (v) => Math.min(...v)).toFixed(1),
  })),
);
const pairs: Array<[string, string, string]> = [
  ['Balance', 'krakenkit client.balance()', 'bare Pool.request + sign (Balance)'],
  ['AddOrder', 'krakenkit client.addOrder()', 'bare Pool.request + sign (AddOrder)'],
];
for (const [label, client, bare] of pairs) {
  console.log(
    `ratio client/bare, ${label}: median ${ratio(client, bare, median)}x, best ${ratio(client, bare, (v) => Math.min(...v))}x (goal ≤ 1.5x)`,
  );
}
// Machine lines for the combined `pnpm bench` table (scripts/run-bench.mjs): medians; `ratio` = bare ÷ client
// (how many times better than bare, so below 1 = costlier); the cost ratio the goal speaks of goes in `note`.
for (const variant of Object.keys(rows)) {
  const bare = pairs.find(([, client]) => client === variant)?.[2];
  const value = stat(variant, median);
  const line: Record<string, unknown> = {
    bench: 'client/request-overhead',
    metric: variant,
    value: Number(value.toFixed(1)),
    unit: 'µs/request',
  };
  if (bare !== undefined) {
    const cost = value / stat(bare, median);
    line.vs = bare;
    line.ratio = Number((1 / cost).toFixed(2));
    line.note = `cost ${cost.toFixed(2)}x of bare (goal ≤ 1.5x)`;
  }
  console.log(`BENCH ${JSON.stringify(line)}`);
}

await client.close();
await overFetch.close();
await pool.close();
server.close();
