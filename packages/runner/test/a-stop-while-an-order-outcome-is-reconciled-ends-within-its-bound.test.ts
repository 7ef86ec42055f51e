import { accountIdOf, type StateStore } from '@krakenkit/core/store';
import type { FaultRule } from '@krakenkit/mock-exchange';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig, type Session, type SessionEvent, startSession } from '../src/index.js';
import { orderRecordPrefix } from '../src/state/keys.js';
import { parseOrderRecord } from '../src/state/order-record.js';
import { describeEvent } from '../src/status/event-text.js';
import {
  type LoopbackExchange,
  loopbackHead,
  startLoopbackExchange,
  wideGrid,
} from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SHUTDOWN_MS = 3_000;
/** Event-loop slack on a loaded machine: the bound is kept by timers, not by the exchange. */
const SLACK_MS = 500;
/** How long the reconciliation's lookup is held: far past the bound (the client gives up after 15 s). */
const HELD_MS = 20_000;
/** A nonce window (in nonce units: the store issues microseconds) wide enough for several calls in flight. */
const WIDE_WINDOW = 1_000_000_000;

function config(url: string, nonceWindow: number): string {
  return `${loopbackHead(url, `    nonceWindow: ${nonceWindow}`)}
run:
  pollInterval: 200ms
  reconcileInterval: 0s
  shutdownTimeout: ${SHUTDOWN_MS / 1000}s
  deadManSwitch: { timeout: 60s, refresh: 20s }
bots:
${wideGrid()}`;
}

/**
 * A grid session whose first AddOrder answer is lost (the order is placed). Its reconciliation by cl_ord_id then
 * meets `lookupFault` on OpenOrders: resolves once `ready` says so.
 */
async function sessionWithALostAnswer(
  nonceWindow: number,
  lookupFault: FaultRule,
  ready: (seen: { lookupSent: boolean; events: readonly SessionEvent[] }) => boolean,
  what: string,
) {
  const exchange = await startLoopbackExchange('runner-bounded-stop', { nonceWindow });
  cleanups.push(() => exchange.close());
  const { faults } = exchange.running.exchange;
  faults.add({ kind: 'lost-response', endpoints: ['AddOrder'], times: 1 });
  let answerLost = false;
  let lookupSent = false;
  cleanups.push(
    exchange.running.exchange.on('request', (request) => {
      if (request.endpoint === 'AddOrder' && request.fault === 'lost-response') {
        answerLost = true;
        faults.add(lookupFault);
      } else if (answerLost && request.endpoint === 'OpenOrders') lookupSent = true;
    }),
  );
  const store = createMemoryStore();
  const events: SessionEvent[] = [];
  const session = await startSession(
    loadBotConfig(config(exchange.running.url, nonceWindow), { file: 'bot.yaml' }),
    { env: exchange.env, store, onEvent: (event) => events.push(event) },
  );
  cleanups.push(() => session.stop());
  await waitFor(() => ready({ lookupSent, events }), what);
  return { exchange, store, session, events };
}

/** The lost answer's reconciliation hangs: the exchange holds its OpenOrders far past the bound. */
function sessionReconcilingAnOrder(nonceWindow: number) {
  return sessionWithALostAnswer(
    nonceWindow,
    { kind: 'latency', latencyMs: HELD_MS, endpoints: ['OpenOrders'], times: 1 },
    ({ lookupSent }) => lookupSent,
    'the reconciliation of the lost AddOrder looking the order up by cl_ord_id',
  );
}

async function timedStop(session: Session): Promise<number> {
  const from = Date.now();
  await session.stop('SIGINT');
  return Date.now() - from;
}

/** The cl_ord_id of the order whose answer was lost: the one order the exchange holds that the bot never heard of. */
function lostOrderId(exchange: LoopbackExchange, events: readonly SessionEvent[]): string {
  const placed = new Set(
    events.flatMap((event) => (event.type === 'placed' && event.txid ? [event.txid] : [])),
  );
  const unheard = [...exchange.account().orders.values()].filter((order) => !placed.has(order.txid));
  expect(unheard).toHaveLength(1);
  return unheard[0]?.clOrdId as string;
}

async function recordsOf(store: StateStore, exchange: LoopbackExchange) {
  const account = accountIdOf(exchange.env.KK_TEST_API_KEY as string);
  const stored = await store.listRecords(account, orderRecordPrefix('grid'));
  return stored.map(({ value }) => parseOrderRecord(value));
}

const lines = (events: readonly SessionEvent[]) => events.map(describeEvent).join('\n');

describe('a stop while an AddOrder outcome is being reconciled', () => {
  it('ends within run.shutdownTimeout, cancels the order by its cl_ord_id and keeps its record for the next session', async () => {
    const { exchange, store, session, events } = await sessionReconcilingAnOrder(WIDE_WINDOW);
    const lost = lostOrderId(exchange, events);
    expect(exchange.openTxids()).toHaveLength(6);

    expect(await timedStop(session)).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
    // All six cancelled, the one whose txid the session never learnt included.
    expect(exchange.openTxids()).toEqual([]);
    const order = [...exchange.account().orders.values()].find((candidate) => candidate.clOrdId === lost);
    expect(order?.status).toBe('canceled');
    expect(lines(events)).toMatch(
      new RegExp(`outcome is still unknown[^\\n]*cl_ord_id ${lost}; cancelled by cl_ord_id`),
    );
    // Its outcome was never learnt: the record stays (without a txid), and the switch stays armed over it.
    const records = await recordsOf(store, exchange);
    expect(records.find((record) => record?.clOrdId === lost)).toMatchObject({ clOrdId: lost });
    expect(records.find((record) => record?.clOrdId === lost)?.txid).toBeUndefined();
    expect(exchange.account().deadMan).toBeDefined();
    expect(lines(events)).toMatch(
      /left armed \(60s\): key trader: order\(s\) of unknown outcome may rest there/,
    );

    // The next session finds the record, looks the order up by cl_ord_id (cancelled) and forgets it: no orphan.
    const next = await startSession(
      loadBotConfig(config(exchange.running.url, WIDE_WINDOW), { file: 'bot.yaml' }),
      {
        env: exchange.env,
        store,
      },
    );
    cleanups.push(() => next.stop());
    expect(next.status().orphans).toBe(0);
    expect((await recordsOf(store, exchange)).map((record) => record?.clOrdId)).not.toContain(lost);
  });

  it('also cancels by cl_ord_id an order whose reconciliation ended without an answer earlier in the session', async () => {
    // Every lookup of the reconciliation fails (the client's three attempts): the outcome stays unknown.
    const { exchange, store, session, events } = await sessionWithALostAnswer(
      WIDE_WINDOW,
      { kind: 'service-unavailable', endpoints: ['OpenOrders'], times: 3 },
      ({ events: seen }) =>
        seen.some(
          (event) => event.type === 'order-failed' && event.code === 'KRAKENKIT_ORDER_OUTCOME_UNKNOWN',
        ),
      'the order failing with its outcome unknown',
    );
    const lost = lostOrderId(exchange, events);
    const resting = [...exchange.account().openOrders()].map((order) => order.clOrdId);
    expect(resting).toContain(lost);

    expect(await timedStop(session)).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
    expect(exchange.openTxids()).toEqual([]);
    expect(lines(events)).toMatch(new RegExp(`cl_ord_id ${lost}; cancelled by cl_ord_id`));
    const records = await recordsOf(store, exchange);
    expect(records.map((record) => record?.clOrdId)).toContain(lost);
  });

  it("with the key's only call slot held by the hung lookup, still ends within the bound, reporting each order it could not cancel by cl_ord_id", async () => {
    const { exchange, store, session, events } = await sessionReconcilingAnOrder(0);
    const lost = lostOrderId(exchange, events);

    expect(await timedStop(session)).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
    // No cancel could leave before the bound (nonce window 0: one call in flight per key): all six still rest,
    // each named with its cl_ord_id, their records kept, and the dead man's switch armed over them.
    expect(exchange.openTxids()).toHaveLength(6);
    const text = lines(events);
    for (const order of exchange.account().openOrders())
      expect(text).toContain(`cl_ord_id ${order.clOrdId} failed at shutdown`);
    expect(text).toContain(`cl_ord_id ${lost} failed at shutdown`);
    const kept = (await recordsOf(store, exchange)).map((record) => record?.clOrdId).sort();
    expect(kept).toEqual([...exchange.account().openOrders()].map((order) => order.clOrdId).sort());
    expect(exchange.account().deadMan).toBeDefined();
  });
});
