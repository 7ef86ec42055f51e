import { RateLimitError } from '@krakenkit/client';
import { createStoreNonceSource } from '@krakenkit/client/nonce';
import { createRateLimiter, KRAKEN_TIER_LIMITS, type RateTicket } from '@krakenkit/client/rate-limit';
import { accountIdOf, type StateStore, StoreUnavailableError } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';
import { KrakenRateModel } from './support/kraken-rate-model.js';
import { VirtualClock } from './support/virtual-clock.js';

const ACCOUNT = accountIdOf('shared-key');
const STARTER = KRAKEN_TIER_LIMITS.starter;

/** The store with `method` replaced (the other methods still run on the store itself). */
function replacing<M extends 'beginCall' | 'charge'>(
  store: StateStore,
  method: M,
  by: StateStore[M],
): StateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === method) return by;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function balanceTicket(): RateTicket {
  return { endpoint: 'Balance', rate: { kind: 'rest', cost: 1 }, priority: 10 };
}

/** Never holds a call back for the nonce order: these tests are about the counter. */
const WIDE_WINDOW = 1_000_000_000_000;

/**
 * A "process" as the client wires it: a limiter sharing the key's REST counter and a store nonce source that takes
 * the limiter's charge in the same step as the call's nonce.
 */
function processOn(store: StateStore, clock: VirtualClock, mode: 'wait' | 'fail-fast') {
  const shared = { store, account: ACCOUNT };
  const limiter = createRateLimiter({
    tier: 'starter',
    mode,
    now: clock.now,
    sleep: clock.sleep,
    store: shared,
  });
  const nonces = createStoreNonceSource({
    ...shared,
    nonceWindow: WIDE_WINDOW,
    now: clock.now,
    sleep: clock.sleep,
  });
  const run = <T>(ticket: RateTicket, send: () => Promise<T>, signal?: AbortSignal) =>
    limiter.run(
      ticket,
      async (admission) => {
        const nonce = await nonces.next({
          ...(admission ? { step: admission } : {}),
          ...(signal ? { signal } : {}),
        });
        try {
          return await send();
        } finally {
          await nonces.settle(nonce);
        }
      },
      signal,
    );
  return { limiter, run };
}

/** Two "processes" on one key, a store on the same virtual clock, and a count of the steps that charged it. */
function twoProcesses(mode: 'wait' | 'fail-fast' = 'wait') {
  const clock = new VirtualClock();
  const memory = createMemoryStore({ now: clock.now });
  let charges = 0;
  const store = replacing(memory, 'beginCall', (account, request) => {
    if ((request.charges?.length ?? 0) > 0) charges += 1;
    return memory.beginCall(account, request);
  });
  return {
    clock,
    store: memory,
    processes: [processOn(store, clock, mode), processOn(store, clock, mode)] as const,
    charges: () => charges,
  };
}

describe('limiters of several processes sharing the REST counter through a store', () => {
  it('admit no more than Kraken accepts, all of them together, and wait as long as the store says (no polling)', async () => {
    const { clock, processes, charges } = twoProcesses();
    const kraken = new KrakenRateModel(
      { rest: STARTER.rest, trading: { ...STARTER.trading, maxOpenOrdersPerPair: 1_000 } },
      4,
    );
    const admitted: Array<{ process: number; at: number; ok: boolean }> = [];
    const calls = processes.flatMap(({ limiter, run }, process) =>
      Array.from({ length: 12 }, () => {
        const ticket = balanceTicket();
        return run(ticket, async () => {
          const at = clock.now();
          const answer = kraken.submit({ kind: 'query', cost: 1 }, at);
          admitted.push({ process, at, ok: answer.ok });
          limiter.observe(ticket, answer.ok ? { ok: true } : { ok: false, errorCode: answer.error });
        });
      }),
    );
    await clock.runUntil();
    await Promise.all(calls);

    expect(admitted.filter((call) => !call.ok)).toEqual([]);
    // 15 at once (the whole budget), then one per 1/0.33 s: the two processes used it together.
    expect(admitted.filter((call) => call.at === admitted[0]?.at)).toHaveLength(STARTER.rest.max);
    expect(new Set(admitted.slice(0, STARTER.rest.max).map((call) => call.process))).toEqual(new Set([0, 1]));
    const last = admitted.at(-1)?.at ?? 0;
    const ideal = Math.ceil((24 - STARTER.rest.max) * (1000 / STARTER.rest.decayPerSecond));
    expect(last - (admitted[0]?.at ?? 0)).toBeLessThanOrEqual(ideal + 24);
    // Each waiting call asks the store again only when the decay has made room: a few asks per call, not a poll.
    expect(charges()).toBeLessThanOrEqual(24 * 3);
  });

  it('fails fast with a RateLimitError on the shared counter when the other process used the budget', async () => {
    const { processes } = twoProcesses('fail-fast');
    const [first, second] = processes;
    for (let call = 0; call < STARTER.rest.max; call += 1)
      await first.run(balanceTicket(), async () => undefined);
    const error = await second.run(balanceTicket(), async () => 'sent').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ counter: 'rest' });
    expect((error as RateLimitError).waitMs).toBeGreaterThan(0);
  });

  it("shows in budget() the key's shared level from its last call, decayed since, when other processes used more", async () => {
    const { clock, processes } = twoProcesses();
    const [first, second] = processes;
    for (let call = 0; call < 10; call += 1) await first.run(balanceTicket(), async () => undefined);
    // Before its own first call this process knows only its own count.
    expect(second.limiter.budget().rest.counter).toBe(0);
    await second.run(balanceTicket(), async () => undefined);
    expect(second.limiter.budget().rest.counter).toBeCloseTo(11, 6);
    expect(first.limiter.budget().rest.counter).toBeCloseTo(10, 6);
    await clock.runUntil(clock.now() + 3_000);
    expect(second.limiter.budget().rest.counter).toBeCloseTo(11 - 3 * STARTER.rest.decayPerSecond, 6);
  });

  it('learns the shared level from a refused charge too, though nothing of its own was charged', async () => {
    const { processes } = twoProcesses('fail-fast');
    const [first, second] = processes;
    for (let call = 0; call < STARTER.rest.max; call += 1)
      await first.run(balanceTicket(), async () => undefined);
    const refused = await second.run(balanceTicket(), async () => 'sent').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(second.limiter.budget().rest.counter).toBeCloseTo(STARTER.rest.max, 6);
  });

  it('charges nothing for a call aborted while waiting for the shared budget', async () => {
    const { clock, store, processes } = twoProcesses();
    const [first, second] = processes;
    for (let call = 0; call < STARTER.rest.max; call += 1)
      await first.run(balanceTicket(), async () => undefined);
    const controller = new AbortController();
    const waiting = second
      .run(balanceTicket(), async () => 'sent', controller.signal)
      .catch((e: unknown) => e);
    await clock.runUntil(clock.now() + 1_000);
    const before = await store.counterLevel(ACCOUNT, 'rest', STARTER.rest.decayPerSecond);
    controller.abort(new Error('gave up'));
    expect(await waiting).toMatchObject({ message: 'gave up' });
    expect(await store.counterLevel(ACCOUNT, 'rest', STARTER.rest.decayPerSecond)).toBe(before);
  });

  it("raises the shared counter to the max when Kraken answers 'EAPI:Rate limit exceeded'", async () => {
    const { clock, store, processes } = twoProcesses();
    const [first] = processes;
    const ticket = balanceTicket();
    await first.run(ticket, async () => undefined);
    first.limiter.observe(ticket, { ok: false, errorCode: 'EAPI:Rate limit exceeded' });
    await clock.settle();
    expect(await store.counterLevel(ACCOUNT, 'rest', STARTER.rest.decayPerSecond)).toBe(STARTER.rest.max);
  });

  it('fails the call with StoreUnavailableError, before sending, when the store is down', async () => {
    const clock = new VirtualClock();
    const memory = createMemoryStore({ now: clock.now });
    const down = replacing(memory, 'beginCall', async () => {
      throw new Error('ECONNREFUSED');
    });
    const { run } = processOn(down, clock, 'wait');
    let sent = false;
    const error = await run(balanceTicket(), async () => {
      sent = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(sent).toBe(false);
  });
});
