import { createClient } from '@krakenkit/client';
import type { Transport } from '@krakenkit/client/transport';
import type { StateStore } from '@krakenkit/core/store';
import { GuardRejectedError, guardClient } from '@krakenkit/guard';
import { afterEach, describe, expect, it } from 'vitest';
import { longOf, SharedWorld, usdUsed } from './support/shared-world.js';

/** 12,000 USD borrowed against the 20,000 USD allowance (0.24 BTC at 50,000, leverage 5). */
const ORDER = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  volume: '0.24',
  price: '50000',
  leverage: '5',
} as const;

const clients: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

/** The store with every call logged into `events`, in the order they were made. */
function logged(store: StateStore, events: string[]): StateStore {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        events.push(`store.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Kraken answering every AddOrder with a txid, each request logged into `events`. */
function exchange(events: string[]): Transport {
  let placed = 0;
  return {
    async send(request) {
      events.push(`send ${request.path}`);
      placed += 1;
      const result = { descr: { order: 'buy 0.24 XBTUSD @ limit 50000' }, txid: [`OSTEP-${placed}`] };
      return { status: 200, body: JSON.stringify({ error: [], result }) };
    },
  };
}

/** A guarded client of process `instance`: its client and shared guard on one store and account. */
async function processOn(world: SharedWorld, instance: string, events: string[]) {
  const store = logged(world.store, events);
  const guard = await world.open(instance, { store });
  const client = createClient({
    transport: exchange(events),
    tier: 'intermediate',
    key: {
      name: instance,
      apiKey: `step-${instance}-${process.pid}-${Date.now()}`,
      apiSecret: Buffer.from('k'.repeat(64)).toString('base64'),
      permissions: ['trades_modify', 'trades_close', 'trades_query_open'],
    },
    store: { store, account: world.account },
  });
  clients.push(client);
  return { guard, trading: guardClient(client, guard) };
}

describe('a guarded order whose client and shared guard share one store', () => {
  it('takes its reservation and its nonce in one store step, before it is sent', async () => {
    const world = new SharedWorld();
    const events: string[] = [];
    const { guard, trading } = await processOn(world, 'a', events);
    await guard.seed({ openOrders: { open: {} }, openPositions: {} });
    events.length = 0;
    const placed = await trading.addOrder(ORDER);
    expect(placed.txid).toEqual(['OSTEP-1']);
    // One store round trip before the order leaves: the journal append went with the nonce.
    expect(events.slice(0, 2)).toEqual(['store.beginCall', 'send /0/private/AddOrder']);
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'OSTEP-1', status: 'open' })]);
    expect(usdUsed(guard)).toBe(12_000);
  });

  it('is judged again when another process reserved first, and refused before any nonce when it no longer fits', async () => {
    const world = new SharedWorld();
    const events: string[] = [];
    const a = await processOn(world, 'a', events);
    await a.guard.seed({ openOrders: { open: {} }, openPositions: {} });
    const b = await world.open('b');
    // Process b borrows 12,000 of the 20,000 USD; process a has not read it yet.
    expect((await b.reserve(longOf(12))).allowed).toBe(true);
    expect(usdUsed(a.guard)).toBe(0);
    events.length = 0;
    const refused = await a.trading.addOrder(ORDER).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GuardRejectedError);
    expect(refused).toMatchObject({ code: 'EOrder:Margin allowance exceeded' });
    expect(events.filter((event) => event.startsWith('send'))).toEqual([]);
    expect(usdUsed(a.guard)).toBe(12_000);
    // No slot was taken: the key's next call goes at once.
    const answer = await world.store.beginCall(world.account, { window: 0, leaseMs: 60_000 });
    expect(answer.granted).toBe(true);
  });

  it('lands with the next ask when it still fits after catching up', async () => {
    const world = new SharedWorld();
    const events: string[] = [];
    const a = await processOn(world, 'a', events);
    await a.guard.seed({ openOrders: { open: {} }, openPositions: {} });
    const b = await world.open('b');
    expect((await b.reserve(longOf(4))).allowed).toBe(true);
    events.length = 0;
    const placed = await a.trading.addOrder(ORDER);
    expect(placed.txid).toEqual(['OSTEP-1']);
    expect(events.slice(0, 3)).toEqual(['store.beginCall', 'store.beginCall', 'send /0/private/AddOrder']);
    await b.sync();
    expect([usdUsed(a.guard), usdUsed(b)]).toEqual([16_000, 16_000]);
  });
});
