import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createClient, type KrakenClient, type TierName } from '@krakenkit/client';
import { createPoolTransport, type Transport } from '@krakenkit/client/transport';
import { describe, expect, it } from 'vitest';
import { startMockExchange } from '../src/adapters/server.js';
import { MockExchange } from '../src/exchange.js';
import { tradingCost } from '../src/rate-limit/trading-costs.js';
import { LoopbackVirtualTime } from './support/loopback-virtual-time.js';

// A bot runs add+cancel cycles on one pair at ten times what its tier's matching-engine counter allows, through the
// real client (its default limiter: single cancels taken to be refused over the threshold) and real loopback
// sockets, on virtual time. The exchange model is the conservative one: ANY call that would take the pair's counter
// past the threshold is a rejection, single cancels included. Over the run:
//   allowance used = counter units the exchange charged for accepted calls / (threshold + decay × duration)
// (the most a fresh counter can take in that time). Required: 0 rate-limit rejections, the counter never past the
// threshold after any call, and ≥ 95 % of the allowance used.

const TIERS: readonly TierName[] = ['starter', 'intermediate', 'pro'];
const DURATION_MS = 600_000;
const OVERLOAD = 10;
const PAIR = 'XBTUSD';
const TRADING_RATE = 'EOrder:Rate limit exceeded';

interface Sent {
  endpoint: string;
  at: number;
  errors: string[];
  txid: string | undefined;
  body: string;
}

interface Run {
  sent: Sent[];
  start: number;
  /** The pair's counter on the exchange right after each trading call was answered. */
  highest: number;
  errors: string[];
}

/** Records every trading call as the exchange answered it, and the exchange's counter right after it. */
function tapTrading(inner: Transport, exchange: MockExchange, now: () => number, run: Run): Transport {
  return {
    async send(request) {
      const at = now();
      const response = await inner.send(request);
      const endpoint = request.path.split('/').pop() ?? '';
      const envelope = JSON.parse(response.body) as { error?: string[]; result?: { txid?: string[] } };
      run.sent.push({
        endpoint,
        at,
        errors: envelope.error ?? [],
        txid: envelope.result?.txid?.[0],
        body: request.body ?? '',
      });
      // The clock stands still while a request travels: this is the counter just after the exchange charged it.
      for (const counter of exchange.account('bot').tradingCounters.values())
        run.highest = Math.max(run.highest, counter.valueAt(now()));
      return response;
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

async function cycle(client: KrakenClient, signal: AbortSignal, run: Run): Promise<void> {
  try {
    const placed = await client.addOrder(
      { pair: PAIR, type: 'buy', ordertype: 'limit', volume: '0.001', price: '1000.0' },
      { signal },
    );
    const txid = placed.txid?.[0];
    if (txid !== undefined) await client.cancelOrder({ txid }, { signal });
  } catch (error) {
    // Calls still waiting for budget when the run ends are aborted unsent: not an exchange answer.
    const code = String((error as { code?: unknown }).code);
    if (code !== 'KRAKENKIT_ABORTED') run.errors.push(code);
  }
}

/** Offers cycles at OVERLOAD × the allowance, evenly over the run, then aborts whatever still waits. */
async function offerCycles(client: KrakenClient, time: LoopbackVirtualTime, tier: TierName, run: Run) {
  const { threshold, decayPerSecond } = MockExchangeTier.of(tier);
  const unitsPerCycle = tradingCost.add() + tradingCost.cancel(0);
  const allowance = threshold + (decayPerSecond * DURATION_MS) / 1000;
  const intervalMs = (DURATION_MS * unitsPerCycle) / (allowance * OVERLOAD);
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const cycles: Promise<void>[] = [];
  for (let offered = 0; ; offered++) {
    const dueAt = run.start + offered * intervalMs;
    if (dueAt >= run.start + DURATION_MS) break;
    if (dueAt > time.now()) await time.sleep(dueAt - time.now());
    cycles.push(cycle(client, stop.signal, run));
  }
  await time.sleep(run.start + DURATION_MS - time.now());
  stop.abort(new Error('run over'));
  await Promise.all(cycles);
}

/** The tier's matching-engine limits, as the exchange enforces them. */
const MockExchangeTier = {
  of(tier: TierName): { threshold: number; decayPerSecond: number } {
    return new MockExchange({ seed: 'limits' }).ctx.tiers[tier].trading;
  },
};

/** Counter units charged for the calls the exchange accepted during the run: adds +1, cancels by order age. */
function unitsCharged(run: Run): number {
  const placedAt = new Map<string, number>();
  let units = 0;
  for (const call of run.sent) {
    if (call.errors.length > 0 || call.at >= run.start + DURATION_MS) continue;
    if (call.endpoint === 'AddOrder') {
      units += tradingCost.add();
      if (call.txid !== undefined) placedAt.set(call.txid, call.at);
    } else if (call.endpoint === 'CancelOrder') {
      const txid = new URLSearchParams(call.body).get('txid') ?? '';
      units += tradingCost.cancel(call.at - (placedAt.get(txid) ?? call.at));
    }
  }
  return units;
}

describe('add+cancel cycles at 10× the allowance, over loopback on virtual time', () => {
  for (const tier of TIERS) {
    it(`${tier}: 0 rate-limit rejections and ≥ 95 % of the matching-engine allowance used`, async () => {
      const time = new LoopbackVirtualTime();
      const apiKey = `cycles-${randomBytes(4).toString('hex')}`;
      const apiSecret = randomBytes(64).toString('base64');
      const exchange = new MockExchange({
        seed: `cycles-${tier}`,
        clock: time.clock,
        accounts: [{ id: 'bot', tier, apiKey, apiSecret, balances: { ZUSD: '1000000000' } }],
      });
      const running = await startMockExchange({ exchange });
      const run: Run = { sent: [], start: time.now(), highest: 0, errors: [] };
      const transport = tapTrading(
        time.track(createPoolTransport({ baseUrl: running.url })),
        exchange,
        time.now,
        run,
      );
      const client = createClient({
        key: { name: 'cycles', apiKey, apiSecret, permissions: ['trades_modify', 'trades_query_open'] },
        tier,
        transport,
        timers: { now: time.now, sleep: time.sleep },
        retry: { attempts: 1 },
      });
      try {
        await time.drive(offerCycles(client, time, tier, run));
      } finally {
        await client.close();
        await transport.close?.();
        await running.close();
      }
      const { threshold, decayPerSecond } = MockExchangeTier.of(tier);
      const allowance = threshold + (decayPerSecond * DURATION_MS) / 1000;
      const units = unitsCharged(run);
      const rejections = run.sent.filter((call) => call.errors.includes(TRADING_RATE)).length;
      console.log(
        `[add-cancel] ${tier}: ${units.toFixed(2)} of ${allowance.toFixed(2)} units ` +
          `(${((units / allowance) * 100).toFixed(2)} %) in ${DURATION_MS / 1000} s, ${run.sent.length} calls, ` +
          `${rejections} rate-limit rejections, highest counter ${run.highest.toFixed(3)} of ${threshold}`,
      );
      expect(rejections).toBe(0);
      expect(run.errors).toEqual([]);
      expect(run.sent.every((call) => call.errors.length === 0)).toBe(true);
      expect(run.highest).toBeLessThanOrEqual(threshold + 1e-9);
      expect(units / allowance).toBeGreaterThanOrEqual(0.95);
    });
  }
});
