/**
 * The rate-limit soak: a bot offered ten times more calls than its tier allows, through the real client and its
 * limiter, against the mock exchange that enforces Kraken's counters. It must get no rate error from the exchange
 * and still use at least 98% of what the counter allows. Two counters, measured separately:
 * - `rest`: private queries (Balance, +1 each) on the key's REST counter;
 * - `trading`: add/cancel cycles (add +1, cancel by age) on one pair's matching-engine counter.
 * Allowed over a window W from an empty counter: cap + decay·W units. Achieved: units the exchange accepted
 * with an arrival time inside W.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createClient, type KrakenClient, type TierName } from '@krakenkit/client';
import { agedCost, KRAKEN_TIER_LIMITS } from '@krakenkit/client/rate-limit';
import { createPoolTransport, type Transport } from '@krakenkit/client/transport';
import { MockExchange, mockTransport, startMockExchange } from '@krakenkit/mock-exchange';
import { realTime, type SoakTime, VirtualTime } from './soak-time.js';
import { tapWire, type WireRecord, type WireTap } from './soak-wire.js';

export type RateCounterName = 'rest' | 'trading';

export interface RateSoakOptions {
  tier: TierName;
  counter: RateCounterName;
  /** Length of the measured window on the exchange's clock (ms). */
  windowMs: number;
  /** `virtual` (CI: ManualClock, in-process transport) or `real` (loopback HTTP, system clock). */
  time: 'virtual' | 'real';
  /** Offered load as a multiple of the allowed rate (default 10). */
  overload?: number;
}

export interface RateSoakResult {
  tier: TierName;
  counter: RateCounterName;
  time: 'virtual' | 'real';
  windowMs: number;
  /** Calls (rest) or cycles (trading) the bot offered during the window. */
  offered: number;
  /** Counter units the offered calls would cost. */
  offeredUnits: number;
  /** Calls the exchange accepted inside the window. */
  accepted: number;
  /** Counter units those calls cost. */
  units: number;
  /** cap + decay·W: the most the exchange would accept in the window. */
  allowedUnits: number;
  /** units / allowedUnits. */
  efficiency: number;
  /** (units − cap) / W per second, to compare with the decay. */
  steadyRatePerSecond: number;
  decayPerSecond: number;
  restRateErrors: number;
  tradingRateErrors: number;
  /** Every other error string the exchange answered, with counts (should be empty). */
  otherErrors: Record<string, number>;
}

const REST_RATE = 'EAPI:Rate limit exceeded';
const TRADING_RATE = 'EOrder:Rate limit exceeded';
const PAIR = 'XBTUSD';

/** Runs one soak: one tier, one counter. */
export async function runRateSoak(options: RateSoakOptions): Promise<RateSoakResult> {
  const virtual = options.time === 'virtual' ? new VirtualTime() : undefined;
  const time: SoakTime = virtual ?? realTime;
  const key = {
    apiKey: `rate-soak-${randomBytes(6).toString('hex')}`,
    apiSecret: randomBytes(64).toString('base64'),
  };
  const accounts = [{ id: 'soak', tier: options.tier, ...key, balances: { ZUSD: '1000000000' } }];
  const seed = `rate-soak-${options.tier}-${options.counter}`;
  let inner: Transport;
  let close: () => Promise<void> = async () => undefined;
  if (virtual) {
    inner = mockTransport(new MockExchange({ seed, clock: virtual.clock, accounts }));
  } else {
    const running = await startMockExchange({ seed, accounts });
    inner = createPoolTransport({ baseUrl: running.url });
    close = async () => {
      await inner.close?.();
      await running.close();
    };
  }
  const tap = tapWire(inner, time.now, (endpoint) =>
    ['Balance', 'AddOrder', 'CancelOrder'].includes(endpoint),
  );
  const client = createClient({
    key: { name: 'rate-soak', ...key, permissions: ['funds_query', 'trades_modify', 'trades_query_open'] },
    tier: options.tier,
    transport: tap.transport,
    timers: { now: time.now, sleep: time.sleep },
    retry: { attempts: 1 },
  });
  try {
    const work = offerLoad(client, time, options);
    const { offered, startMs } = virtual ? await virtual.drive(work) : await work;
    return summarize(options, tap, offered, startMs);
  } finally {
    await client.close();
    await close();
  }
}

/** Fires calls (or cycles) at `overload` × the allowed rate for the window, then aborts whatever still waits. */
async function offerLoad(
  client: KrakenClient,
  time: SoakTime,
  options: RateSoakOptions,
): Promise<{ offered: number; startMs: number }> {
  const limits = KRAKEN_TIER_LIMITS[options.tier];
  const overload = options.overload ?? 10;
  const decay = options.counter === 'rest' ? limits.rest.decayPerSecond : limits.trading.decayPerSecond;
  const cap = options.counter === 'rest' ? limits.rest.max : limits.trading.threshold;
  // A cycle costs its add (+1) and a cancel of an order younger than 5 s (+8).
  const unitsPerCall = options.counter === 'rest' ? 1 : 1 + agedCost('cancel', 0);
  // `overload` × everything the window allows (the burst included), spread evenly over the window.
  const allowedUnits = cap + (decay * options.windowMs) / 1000;
  const intervalMs = (options.windowMs * unitsPerCall) / (allowedUnits * overload);
  const stop = new AbortController();
  // Every waiting call listens to this one signal.
  setMaxListeners(0, stop.signal);
  const startMs = time.now();
  const calls: Promise<unknown>[] = [];
  let offered = 0;
  for (;;) {
    const dueAt = startMs + offered * intervalMs;
    if (dueAt >= startMs + options.windowMs) break;
    if (dueAt > time.now()) await time.sleep(dueAt - time.now());
    offered += 1;
    const call =
      options.counter === 'rest'
        ? client.balance(undefined, { signal: stop.signal })
        : cycle(client, stop.signal);
    calls.push(call.catch(() => undefined));
  }
  const endAt = startMs + options.windowMs;
  if (endAt > time.now()) await time.sleep(endAt - time.now());
  stop.abort(new Error('soak window over'));
  await Promise.all(calls);
  return { offered, startMs };
}

/** One add/cancel cycle: a limit buy far below the market, cancelled as soon as it is placed. */
async function cycle(client: KrakenClient, signal: AbortSignal): Promise<void> {
  const placed = await client.addOrder(
    { pair: PAIR, type: 'buy', ordertype: 'limit', volume: '0.001', price: '30000.0' },
    { signal },
  );
  const txid = placed.txid?.[0];
  if (txid !== undefined) await client.cancelOrder({ txid }, { signal });
}

function summarize(options: RateSoakOptions, tap: WireTap, offered: number, startMs: number): RateSoakResult {
  const limits = KRAKEN_TIER_LIMITS[options.tier];
  const cap = options.counter === 'rest' ? limits.rest.max : limits.trading.threshold;
  const decay = options.counter === 'rest' ? limits.rest.decayPerSecond : limits.trading.decayPerSecond;
  const inWindow = tap.records.filter((r) => r.at < startMs + options.windowMs && r.errors?.length === 0);
  const units = options.counter === 'rest' ? inWindow.length : tradingUnits(inWindow, tap.records);
  const allowedUnits = cap + (decay * options.windowMs) / 1000;
  const counts = tap.errorCounts();
  const otherErrors: Record<string, number> = {};
  for (const [error, count] of counts)
    if (error !== REST_RATE && error !== TRADING_RATE) otherErrors[error] = count;
  return {
    tier: options.tier,
    counter: options.counter,
    time: options.time,
    windowMs: options.windowMs,
    offered,
    offeredUnits: offered * (options.counter === 'rest' ? 1 : 1 + agedCost('cancel', 0)),
    accepted: inWindow.length,
    units,
    allowedUnits,
    efficiency: units / allowedUnits,
    steadyRatePerSecond: ((units - cap) * 1000) / options.windowMs,
    decayPerSecond: decay,
    restRateErrors: counts.get(REST_RATE) ?? 0,
    tradingRateErrors: counts.get(TRADING_RATE) ?? 0,
    otherErrors,
  };
}

/** Adds cost 1; a cancel costs by the age of its order (time between the two arrivals, on the exchange clock). */
function tradingUnits(inWindow: readonly WireRecord[], all: readonly WireRecord[]): number {
  const placedAt = new Map<string, number>();
  for (const record of all) {
    if (record.endpoint !== 'AddOrder' || record.errors?.length !== 0) continue;
    const txid = (record.result as { txid?: string[] } | undefined)?.txid?.[0];
    if (txid !== undefined) placedAt.set(txid, record.at);
  }
  let units = 0;
  for (const record of inWindow) {
    if (record.endpoint === 'AddOrder') units += 1;
    if (record.endpoint !== 'CancelOrder') continue;
    const txid = new URLSearchParams(record.body).get('txid') ?? '';
    const opened = placedAt.get(txid);
    units += agedCost('cancel', opened === undefined ? 0 : record.at - opened);
  }
  return units;
}
