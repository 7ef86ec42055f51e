/**
 * Rate limiter figures: the cost of a call that goes at once (the common case), and how much of Kraken's budget
 * the limiter uses under saturation, on virtual time. Prints figures; asserts nothing.
 * Run: npx tsx --conditions=@krakenkit/source packages/client/bench/rate-limit.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import { resolveTierLimits, type TierName } from '../src/rate-limit/tiers.js';
import { PRIORITY, type RateTicket } from '../src/rate-limit/types.js';
import { type OfferedCall, runScenario } from '../test/support/rate-scenario.js';

const send = async () => undefined;

async function perCallOverhead(label: string, ticket: RateTicket, calls: number): Promise<void> {
  // A clock that moves 1 s per call keeps every counter far from its cap: this times the bookkeeping alone.
  let now = 1_700_000_000_000;
  const limiter = createRateLimiter({ tier: 'pro', now: () => (now += 1_000) });
  for (let index = 0; index < 1_000; index++) await limiter.run(ticket, send);
  const started = performance.now();
  for (let index = 0; index < calls; index++) await limiter.run(ticket, send);
  const micros = ((performance.now() - started) * 1000) / calls;
  console.log(`${label.padEnd(28)} ${micros.toFixed(2).padStart(7)} µs per call`);
  // Machine line for the combined `pnpm bench` table (scripts/run-bench.mjs).
  const line = {
    bench: 'client/rate-limit',
    metric: `limiter.run overhead: ${label}`,
    value: Number(micros.toFixed(2)),
  };
  console.log(`BENCH ${JSON.stringify({ ...line, unit: 'µs/call' })}`);
}

/**
 * An order's whole trip through the limiter (in-memory): `run` at once, then `observe` of its success with the
 * order created (txid and cl_ord_id as the client reports them: fresh strings per order, the cl_ord_id read once as
 * the form encoder reads it), past the registry's capacity (10 000 orders) so every order also forgets the oldest,
 * and with every charge still in the log of charges the exchange's reports may not include yet (the clock moves
 * 0.15 ms per order: some 13 000 charges within the 2 s lag). The loop never yields to the event loop, so the
 * registry applies its adds in batches of 64 (PendingAdds): their cost is counted. CPU µs per order.
 */
function perOrderRoundTrip(calls: number, through: 'limiter' | 'nothing'): Promise<number> {
  let now = 1_700_000_000_000;
  const limiter = createRateLimiter({
    tier: 'pro',
    limits: { trading: { threshold: 1e12 } },
    now: () => (now += 0.05),
  });
  let serial = 0;
  let checksum = 0;
  const placeOrder = async () => {
    serial += 1;
    const ticket = { ...add };
    const clOrdId = randomUUID();
    for (let index = 0; index < clOrdId.length; index++) checksum ^= clOrdId.charCodeAt(index);
    if (through === 'limiter') await limiter.run(ticket, send);
    else await send();
    // A txid as the envelope's JSON.parse gives it: a fresh flat string, not a constant.
    const id = JSON.parse(`"O${serial.toString(36).toUpperCase().padStart(5, 'Q')}-ABCDE-FGHIJK"`) as string;
    const outcome = { ok: true, created: [{ id, clOrdId, pair: 'XBTUSD' }] } as const;
    if (through === 'limiter') limiter.observe(ticket, outcome);
  };
  const timed = async () => {
    for (let index = 0; index < 20_000; index++) await placeOrder();
    const started = process.cpuUsage();
    for (let index = 0; index < calls; index++) await placeOrder();
    const { user, system } = process.cpuUsage(started);
    return (user + system) / calls + (checksum & 0);
  };
  return timed();
}

/** perOrderRoundTrip less the same loop without the limiter (its ids, tickets and awaits): median of 5 pairs. */
async function perOrderOverhead(calls: number): Promise<void> {
  const differences: number[] = [];
  for (let round = 0; round < 5; round++) {
    const bare = await perOrderRoundTrip(calls, 'nothing');
    differences.push((await perOrderRoundTrip(calls, 'limiter')) - bare);
  }
  const micros = differences.sort((a, b) => a - b)[2]!;
  const label = 'add order, run + observe';
  console.log(
    `${label.padEnd(28)} ${micros.toFixed(2).padStart(7)} CPU µs per order (registry full, 2 s of log)`,
  );
  const line = {
    bench: 'client/rate-limit',
    metric: `limiter run + observe: ${label}, registry at capacity`,
    value: Number(micros.toFixed(2)),
  };
  console.log(`BENCH ${JSON.stringify({ ...line, unit: 'CPU µs/order', kind: 'in-memory' })}`);
}

async function saturation(tier: TierName): Promise<void> {
  const horizonMs = 600_000;
  const overrides = { trading: { maxOpenOrdersPerPair: 1_000_000 } };
  const { rest, trading } = resolveTierLimits(tier, overrides);
  const restAllowed = rest.max + (rest.decayPerSecond * horizonMs) / 1000;
  const pairAllowed = trading.threshold + (trading.decayPerSecond * horizonMs) / 1000;
  const calls: OfferedCall[] = [];
  const spread = (index: number, count: number) => Math.floor((index * horizonMs) / count);
  const queries = Math.ceil((10 * restAllowed) / 2.5);
  for (let index = 0; index < queries; index++) {
    calls.push({
      at: spread(index, queries),
      kind: index % 2 ? 'query4' : 'query1',
      pair: 'XBTUSD',
      pick: 0,
      size: 2,
    });
  }
  const orders = Math.ceil(10 * pairAllowed);
  for (let index = 0; index < orders; index++) {
    calls.push({
      at: spread(index, orders),
      kind: index % 5 ? 'add' : 'amend',
      pair: 'XBTUSD',
      pick: index,
      size: 2,
    });
  }
  const started = performance.now();
  const result = await runScenario(calls, { tier, limits: overrides }, horizonMs);
  const elapsed = performance.now() - started;
  const sum = (entries: ReadonlyArray<{ cost: number }> | undefined) =>
    (entries ?? []).reduce((total, entry) => total + entry.cost, 0);
  const rejected = result.answers.filter(
    ({ answer }) => !answer.ok && answer.error.includes('limit exceeded'),
  ).length;
  console.log(
    `${tier.padEnd(13)} offered ${String(calls.length).padStart(6)} calls over 10 min: REST ${pct(sum(result.model.restCharged) / restAllowed)}, ` +
      `pair ${pct(sum(result.model.pairCharged.get('XBTUSD')) / pairAllowed)} of the allowance, ${rejected} rejections, ` +
      `${elapsed.toFixed(0)} ms wall`,
  );
  const restUsed = Number(((sum(result.model.restCharged) / restAllowed) * 100).toFixed(2));
  const note = `pair ${pct(sum(result.model.pairCharged.get('XBTUSD')) / pairAllowed)}, ${rejected} rejections`;
  const line = {
    bench: 'client/rate-limit',
    metric: `${tier}: REST allowance used at 10x load`,
    value: restUsed,
  };
  console.log(`BENCH ${JSON.stringify({ ...line, unit: '%', note })}`);
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

const query: RateTicket = { endpoint: 'Balance', rate: { kind: 'rest', cost: 1 }, priority: PRIORITY.query };
const add: RateTicket = {
  endpoint: 'AddOrder',
  rate: { kind: 'trading', action: 'add' },
  pair: 'XBTUSD',
  priority: PRIORITY.order,
};
const ticker: RateTicket = { endpoint: 'Ticker', rate: { kind: 'public' }, priority: PRIORITY.query };

console.log('limiter.run overhead, budget available (pro tier):');
await perCallOverhead('public call', ticker, 100_000);
await perCallOverhead('private query (REST counter)', query, 100_000);
await perCallOverhead('add order (pair counter)', add, 100_000);
await perOrderOverhead(50_000);
console.log(
  '\nsaturation, 10x the allowance offered (queries 1 and 4, adds and amends on one pair), virtual time:',
);
for (const tier of ['starter', 'intermediate', 'pro'] as const) await saturation(tier);
