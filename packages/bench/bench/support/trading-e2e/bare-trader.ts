/**
 * The bare client: undici `Pool.request` + node:crypto, pacing itself with its own copy of the documented model
 * (support/trading-counter-model.ts), as a careful hand-written client would. It waits until the next call fits its
 * count of the pair's counter; it counts an order's age from when the add's answer came back and charges each call
 * at the cost in force when it was sent, when its answer came back (the latest Kraken can have charged it): both
 * err on the safe side of the exchange's own count, which charged earlier and saw an older order.
 */
import { Pool } from 'undici';
import { barePostEnvelope } from '../bare-post.js';
import { SECRET } from '../rest-contestants.js';
import type { StubTier } from '../rest-counter-model.js';
import {
  ADD_ORDER_COST,
  cancelOrderCost,
  PairCounter,
  TRADING_COUNTER_LIMITS,
} from '../trading-counter-model.js';
import { CYCLE_ORDER, type CycleTrader, finished, sleep, TRADING_RATE_LIMIT, tradeReport } from './trader.js';

const ADD_FORM = `&${new URLSearchParams(CYCLE_ORDER).toString()}`;

export function bareTrader(origin: string, apiKey: string, tier: StubTier): CycleTrader {
  const pool = new Pool(origin, { connections: 1 });
  const key = { apiKey, secret: Buffer.from(SECRET, 'base64') };
  const pacing = new PairCounter(TRADING_COUNTER_LIMITS[tier], Date.now());
  let nonce = Date.now() * 1000;
  const report = tradeReport();

  /** Waits until `msUntilFits()` says the call fits; false when that is past the deadline. */
  async function waitUntilFits(msUntilFits: () => number, deadline: number): Promise<boolean> {
    for (;;) {
      const wait = Math.ceil(msUntilFits());
      if (wait === 0) return true;
      if (Date.now() + wait >= deadline) {
        await sleep(deadline - Date.now());
        return false;
      }
      await sleep(wait); // a timer may fire a little early: measure again
    }
  }

  /** One private call; the envelope, or undefined after a failure (counted). */
  async function post(path: string, form: string) {
    nonce += 1;
    try {
      const envelope = await barePostEnvelope(pool, key, path, nonce, `nonce=${nonce}${form}`);
      if (envelope.error.length === 0) return envelope;
      report.fail(envelope.error.join(','), envelope.error[0] === TRADING_RATE_LIMIT);
    } catch (error) {
      report.fail(error, false);
    }
    return undefined;
  }

  return {
    prepare: async () => {},
    async trade(deadline) {
      while (Date.now() < deadline) {
        if (!(await waitUntilFits(() => pacing.msUntilFits(ADD_ORDER_COST, Date.now()), deadline))) break;
        const added = await post('/0/private/AddOrder', ADD_FORM);
        if (added === undefined) continue;
        const createdAt = Date.now();
        pacing.charge(ADD_ORDER_COST, createdAt);
        const txid = (added.result as { txid: string[] }).txid[0]!;
        if (!(await waitUntilFits(() => pacing.msUntilCancelFits(createdAt, Date.now()), deadline))) break;
        const cost = cancelOrderCost(Date.now() - createdAt);
        if ((await post('/0/private/CancelOrder', `&txid=${txid}`)) === undefined) continue;
        pacing.charge(cost, Date.now());
        report.cycles += 1;
      }
      return finished(report);
    },
    close: () => pool.close(),
  };
}
