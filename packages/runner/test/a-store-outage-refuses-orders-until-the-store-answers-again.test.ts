/**
 * The state store goes away mid-run (a Redis restarting): nonces, the REST counter and the shared guard live
 * there, so nothing can be sent safely. Orders are refused with StoreUnavailableError (nothing reaches the
 * exchange), the outage is reported once, the session keeps running however many cycles it lasts, and trading
 * resumes when the store answers again.
 */
import { KRAKENKIT_CODES } from '@krakenkit/core';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { describeEvent } from '../src/status/event-text.js';
import { loopbackConfig, startLoopbackExchange } from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';
import { pressStrategy } from './support/press-strategy.js';
import { switchable } from './support/switchable-store.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PRESS_BOT = `  - name: press
    key: trader
    strategy: press
    pairs: [XBT/USD]
    params: { volume: "0.001" }
`;
// More cycles than the session stops after when they fail for any other reason (5 in a row).
const CYCLES_WITHOUT_STORE = 8;

const storeRefused = (event: SessionEvent) =>
  event.type === 'order-failed' && event.code === KRAKENKIT_CODES.STORE_UNAVAILABLE;

describe('a state store outage mid-run', () => {
  it('refuses orders with StoreUnavailableError, sends nothing, keeps the session, and resumes when it is back', async () => {
    const exchange = await startLoopbackExchange('store-outage');
    cleanups.push(() => exchange.close());
    const store = switchable(createMemoryStore());
    const events: SessionEvent[] = [];
    const config = loadBotConfig(loopbackConfig(exchange.running.url, PRESS_BOT), {
      file: 'bot.yaml',
      strategies: { press: pressStrategy({ open: true }) },
    });
    const session = await startSession(config, {
      env: exchange.env,
      store,
      onEvent: (event) => events.push(event),
    });
    cleanups.push(() => session.stop());
    await waitFor(() => events.some((event) => event.type === 'placed'), 'a first order placed');

    store.up = false;
    await waitFor(
      () => events.filter(storeRefused).length >= CYCLES_WITHOUT_STORE || session.stopReason !== undefined,
      'orders refused for several cycles while the store is off (or the session stopping)',
    );
    const offAt = events.findIndex(storeRefused);
    const ordersWhileOff = exchange.account().orders.size;
    expect(session.stopReason).toBeUndefined();
    const refusal = events[offAt];
    expect(refusal && describeEvent(refusal)).toMatch(
      /press: order failed buy 0\.001 XBT\/USD market 2x: KRAKENKIT_STORE_UNAVAILABLE state store .* is unavailable/,
    );

    store.up = true;
    const backAt = events.length;
    await waitFor(
      () => events.slice(backAt).some((event) => event.type === 'placed'),
      'an order placed once the store answers',
    );
    expect(exchange.account().orders.size).toBeGreaterThan(ordersWhileOff);
    // Between the first refusal and the store's return nothing was placed (one order at a time: the one in
    // flight when the store went away was answered before the next was refused).
    expect(events.slice(offAt, backAt).filter((event) => event.type === 'placed')).toEqual([]);
    const outage = events.filter((event) => event.type === 'store');
    expect(outage.map((event) => event.type === 'store' && event.available)).toEqual([false, true]);
    expect(events.slice(offAt).some((event) => event.type === 'bot-halted' || event.type === 'halted')).toBe(
      false,
    );

    const summary = await session.stop();
    expect(summary.reason).toBe('stopped');
    expect(summary.bots[0]?.halted).toBeUndefined();
  });
});
