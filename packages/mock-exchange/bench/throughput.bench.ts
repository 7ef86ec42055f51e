/**
 * In-memory micro-figures of the mock exchange: the core's `handle()` rate in-process, and signed REST requests per
 * second over loopback with the node:http keep-alive client IN THE SAME PROCESS (one API key per concurrent worker
 * so nonces stay ordered). Client and server share one thread here, so these are not end-to-end figures: the
 * server in its own process, side by side with a minimal peer stub, is packages/bench/bench/mock-throughput-e2e.bench.ts.
 * Prints figures; asserts nothing. Run: npx tsx --conditions=@krakenkit/source packages/mock-exchange/bench/throughput.bench.ts
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { MockExchange, startMockExchange } from '../src/index.js';

const DURATION_MS = Number(process.env['BENCH_MS'] ?? 3000);
const UNLIMITED = { max: 1e12, decayPerSecond: 1e12 };
const tiers = Object.fromEntries(
  ['starter', 'intermediate', 'pro'].map((tier) => [
    tier,
    {
      margin: true,
      maxLeverage: 5,
      withdrawalDailyUsd: '1000000000',
      rest: UNLIMITED,
      trading: { threshold: 1e12, decayPerSecond: 1e12, maxOpenOrdersPerPair: 1e9 },
    },
  ]),
);

interface Key {
  apiKey: string;
  apiSecret: string;
  nonce: bigint;
}

function makeKeys(n: number): Key[] {
  return Array.from({ length: n }, (_, i) => ({
    apiKey: `bench-${i}`,
    apiSecret: randomBytes(64).toString('base64'),
    nonce: 1n,
  }));
}

function signed(key: Key, method: string, params: Record<string, string>) {
  key.nonce += 1n;
  const nonce = key.nonce.toString();
  const path = `/0/private/${method}`;
  const body = new URLSearchParams({ nonce, ...params }).toString();
  const inner = createHash('sha256')
    .update(nonce + body)
    .digest();
  const sign = createHmac('sha512', Buffer.from(key.apiSecret, 'base64'))
    .update(Buffer.concat([Buffer.from(path), inner]))
    .digest('base64');
  return {
    path,
    body,
    headers: { 'API-Key': key.apiKey, 'API-Sign': sign, 'Content-Type': 'application/x-www-form-urlencoded' },
  };
}

function post(port: number, agent: Agent, req: ReturnType<typeof signed>): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: req.path,
        agent,
        headers: { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

type NextCall = () => [string, Record<string, string>];

async function httpRun(label: string, concurrency: number, makeNext: () => NextCall): Promise<void> {
  const keys = makeKeys(concurrency);
  const running = await startMockExchange({
    seed: 'bench',
    tiers,
    accounts: keys.map((k, i) => ({
      id: `a${i}`,
      tier: 'pro' as const,
      apiKey: k.apiKey,
      apiSecret: k.apiSecret,
      balances: { ZUSD: '1000000000', XXBT: '100000' },
    })),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let count = 0;
  let errors = 0;
  const deadline = Date.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    keys.map(async (key) => {
      const next = makeNext();
      while (Date.now() < deadline) {
        const [method, params] = next();
        const body = await post(running.port, agent, signed(key, method, params));
        if (!body.startsWith('{"error":[]')) errors += 1;
        count += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  await running.close();
  report(label, count / seconds, `${count} requests, ${errors} errors`);
}

function coreRun(label: string, makeNext: () => NextCall): void {
  const next = makeNext();
  const [key] = makeKeys(1) as [Key];
  const exchange = new MockExchange({
    seed: 'bench',
    tiers,
    accounts: [
      {
        id: 'a',
        tier: 'pro',
        apiKey: key.apiKey,
        apiSecret: key.apiSecret,
        balances: { ZUSD: '1000000000', XXBT: '100000' },
      },
    ],
  });
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < DURATION_MS) {
    const [method, params] = next();
    const req = signed(key, method, params);
    exchange.handle({ method: 'POST', path: req.path, headers: req.headers, body: req.body });
    count += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  report(label, count / seconds, `${count} requests`);
}

/** A human line, and the machine line `pnpm bench` gathers into its table (see packages/bench/bench/support/report.ts). */
function report(label: string, perSecond: number, note: string): void {
  console.log(`${label.padEnd(56)} ${String(Math.round(perSecond)).padStart(7)} req/s  (${note})`);
  const line = {
    bench: 'mock-exchange/throughput',
    kind: 'in-memory',
    metric: label,
    value: Math.round(perSecond),
    unit: 'req/s',
    note: `${note}; same process, not end to end`,
  };
  console.log(`BENCH ${JSON.stringify(line)}`);
}

const balance = () => ({});
const marketOrder = () => ({ ordertype: 'market', type: 'buy', pair: 'XBTUSD', volume: '0.001' });
/** Per client: alternates a resting limit order and CancelAll, so its book stays small (a realistic steady state). */
const limitThenCancel = (): NextCall => {
  let flip = false;
  return () => {
    flip = !flip;
    return flip
      ? ['AddOrder', { ordertype: 'limit', type: 'buy', pair: 'XBTUSD', volume: '0.001', price: '50000.0' }]
      : ['CancelAll', {}];
  };
};

console.log(
  `mock-exchange throughput, in-memory micro-figures (client and server in one process), ${DURATION_MS} ms per run, Node ${process.version}`,
);
const balanceCalls = (): NextCall => () => ['Balance', balance()];
const marketCalls = (): NextCall => () => ['AddOrder', marketOrder()];

coreRun('core handle(): signed Balance (in-process)', balanceCalls);
coreRun('core handle(): market AddOrder (in-process)', marketCalls);
coreRun('core handle(): limit AddOrder / CancelAll', limitThenCancel);
await httpRun('same-process loopback HTTP: signed Balance, 1 client', 1, balanceCalls);
await httpRun('same-process loopback HTTP: signed Balance, 16 clients', 16, balanceCalls);
await httpRun('same-process loopback HTTP: market AddOrder, 16 clients', 16, marketCalls);
await httpRun('same-process loopback HTTP: limit AddOrder / CancelAll, 16', 16, limitThenCancel);
