import { accountIdOf, type StateStore } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { botLease } from '../src/state/keys.js';
import { leaseTtl } from '../src/state/session-leases.js';
import { loopbackConfig, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LEASE_CALLS = new Set(['acquireLease', 'renewLease', 'releaseLease', 'listLeases', 'close']);

/**
 * A store whose every call but the lease ones can be held on a promise (as calls waiting their turn for a shared
 * REST allowance hold a cycle), on a clock the test moves forward. It counts held calls and lease renewals.
 */
function holdingStore() {
  let offset = 0;
  const inner = createMemoryStore({ now: () => Date.now() + offset });
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const seen = { held: 0, renewals: [] as boolean[] };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'renewLease')
        return async (...args: unknown[]) => {
          const kept = (await value.apply(target, args)) as boolean;
          seen.renewals.push(kept);
          return kept;
        };
      if (LEASE_CALLS.has(String(property))) return value.bind(target);
      return async (...args: unknown[]) => {
        if (gate !== undefined) {
          seen.held += 1;
          await gate;
        }
        return value.apply(target, args);
      };
    },
  }) as StateStore;
  return {
    store,
    seen,
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
    hold: () => {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => {
      gate = undefined;
      release?.();
    },
  };
}

describe('leases renew on their own timer', () => {
  it('a cycle held longer than the lease ttl keeps its bot lease: renewals go on while it waits', async () => {
    const exchange = await startLoopbackExchange();
    cleanups.push(() => exchange.close());
    const holding = holdingStore();
    cleanups.push(() => holding.store.close());
    cleanups.push(() => holding.release());
    const events: SessionEvent[] = [];
    const config = loadBotConfig(loopbackConfig(exchange.running.url, wideGrid()), { file: 'bot.yaml' });
    const session = await startSession(config, {
      env: exchange.env,
      store: holding.store,
      onEvent: (event) => events.push(event),
    });
    cleanups.push(() => session.stop());
    await waitFor(() => session.status().bots[0]?.open === 6, 'grid resting');

    holding.hold();
    await waitFor(() => holding.seen.held > 0, 'a cycle waiting on a held call');
    const heldAt = holding.now();
    const ttl = leaseTtl(config.run.pollInterval);
    // Store time runs on by more than a ttl while the cycle waits; a renewal lands between the jumps.
    for (let jump = 0; jump < 3; jump += 1) {
      holding.advance(6_000);
      const renewals = holding.seen.renewals.length;
      await waitFor(
        () => holding.seen.renewals.length > renewals,
        `renewal ${jump + 1} while the cycle waits`,
      );
    }
    expect(holding.now() - heldAt).toBeGreaterThan(ttl);
    expect(holding.seen.renewals.every((kept) => kept)).toBe(true);

    const account = accountIdOf(exchange.env.KK_TEST_API_KEY as string);
    const [lease] = await holding.store.listLeases(account, botLease('grid'));
    expect(lease?.expiresAt).toBeGreaterThan(holding.now());
    const intruder = await holding.store.acquireLease(account, botLease('grid'), 'intruder', ttl);
    expect(intruder.acquired).toBe(false);

    holding.release();
    const resumedFrom = events.length;
    await waitFor(
      () => events.slice(resumedFrom).some((event) => event.type === 'reconciled'),
      'a reconcile once the cycle resumes',
    );
    expect(events.filter((event) => event.type === 'bot-halted')).toEqual([]);
    const summary = await session.stop();
    expect(summary.reason).toBe('stopped');
    expect(exchange.openTxids()).toEqual([]);
  }, 60_000);
});
