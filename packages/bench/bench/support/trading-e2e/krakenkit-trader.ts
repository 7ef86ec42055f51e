/**
 * krakenkit through its public entry: `createClient({ tier })` with the limiter it builds by default (wait mode;
 * `singleCancelOverThreshold: 'rejected'`, its default, spelled out because the stub refuses a single cancel over
 * the threshold, so the limiter must hold one until it fits). `addOrder`, then `cancelOrder` by txid; at the
 * deadline the call still waiting for budget is aborted through `CallOptions.signal` (it was never sent).
 */
import { ALL_PERMISSIONS, createClient, KrakenError } from '@krakenkit/client';
import { SECRET } from '../rest-contestants.js';
import type { StubTier } from '../rest-counter-model.js';
import { CYCLE_ORDER, type CycleTrader, finished, TRADING_RATE_LIMIT, tradeReport } from './trader.js';

export function krakenkitTrader(origin: string, apiKey: string, tier: StubTier): CycleTrader {
  const client = createClient({
    baseUrl: origin,
    tier,
    key: { name: apiKey, apiKey, apiSecret: SECRET, permissions: ALL_PERMISSIONS },
    rateLimit: { singleCancelOverThreshold: 'rejected' },
  });
  return {
    prepare: async () => {},
    async trade(deadline) {
      const report = tradeReport();
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
      const fail = (error: unknown) =>
        report.fail(error, error instanceof KrakenError && error.code.startsWith(TRADING_RATE_LIMIT));
      while (Date.now() < deadline) {
        try {
          const [txid] = (await client.addOrder(CYCLE_ORDER, { signal: stop.signal })).txid ?? [];
          if (txid === undefined) throw new Error('AddOrder answered without a txid');
          await client.cancelOrder({ txid }, { signal: stop.signal });
          report.cycles += 1;
        } catch (error) {
          if (stop.signal.aborted) break; // still waiting for budget at the deadline
          fail(error);
        }
      }
      clearTimeout(timer);
      return finished(report);
    },
    close: () => client.close(),
  };
}
