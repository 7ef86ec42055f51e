import { randomBytes } from 'node:crypto';
import { createClient } from '@krakenkit/client';
import type { Transport } from '@krakenkit/client/transport';
import { accountIdOf, type StateStore, StoreUnavailableError } from '@krakenkit/core/store';
import { guardClient } from '@krakenkit/guard';
import { createSharedGuard, type SharedGuard } from '@krakenkit/guard/shared';
import { waitFor } from '@krakenkit/test-support';
import { redisForTests } from '@krakenkit/test-support/redis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './support/guard-factory.js';
import { EMPTY_ACCOUNT, RULES, usdUsed } from './support/shared-world.js';
import { type StorePlace, storeKinds, WatchedStore } from './support/watched-store.js';

/** 500 USD borrowed from the 20,000 USD allowance: 0.01 BTC at 50,000, long. */
const ORDER = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  volume: '0.01',
  price: '50000',
  leverage: '5',
} as const;
const LEASE_MS = 60_000;

const redis = await redisForTests();
afterAll(() => redis.cleanup());

/** Kraken answering every AddOrder with the next txid. */
function exchange(): Transport {
  let placed = 0;
  return {
    async send() {
      placed += 1;
      const result = { descr: { order: 'buy 0.01 XBTUSD @ limit 50000' }, txid: [`OANS-${placed}`] };
      return { status: 200, body: JSON.stringify({ error: [], result }) };
    },
  };
}

/**
 * The store calls a process made, but for endCall: a call's slot freed on its own (the nonce source may stand
 * aside for other processes after a run of calls, see FairTurns), never a journal write.
 */
function stepsOf(watched: WatchedStore): string[] {
  return watched.methods().filter((method) => method !== 'endCall');
}

/** The guard's journal as the store holds it, each entry parsed. */
async function journalOf(store: StateStore, account: string) {
  const read = await store.readJournal(account, 'guard', 0);
  return read.entries.map(
    ({ entry }) => JSON.parse(entry) as { type: string; event?: { type: string; ref: string } },
  );
}

for (const kind of storeKinds(redis)) {
  describe(`an order's answer over the ${kind.name} store`, kind.suiteOptions, () => {
    const account = accountIdOf(`answers-${kind.name}-${randomBytes(6).toString('hex')}`);
    const clock = new ManualClock();
    const places: StorePlace[] = [];
    let worlds = 0;
    const clients: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const client of clients.splice(0)) await client.close();
      for (const place of places.splice(0)) await place.close();
    });

    /** A process: a shared guard and a guarded client sharing the key, on its own connection to the state. */
    async function process(place: StorePlace, instance: string, accountId: string, outcomeRetryMs?: number) {
      const watched = new WatchedStore(await place.connect());
      const guard = await open(watched.store, instance, accountId, outcomeRetryMs);
      const client = createClient({
        transport: exchange(),
        tier: 'intermediate',
        key: {
          name: instance,
          apiKey: `answers-${instance}-${randomBytes(6).toString('hex')}`,
          apiSecret: Buffer.from('k'.repeat(64)).toString('base64'),
          permissions: ['trades_modify', 'trades_close', 'trades_query_open'],
        },
        // A turn ends when its call does, never by the hold timer: a slow machine makes no endCall of its own.
        store: { store: watched.store, account: accountId, holdMs: 120_000 },
      });
      const trading = guardClient(client, guard);
      clients.push(trading);
      return { watched, guard, trading };
    }

    /**
     * A shared guard; a failed journal of answers is tried again only after an hour unless `outcomeRetryMs` says
     * otherwise, so each test decides which store calls happen.
     */
    function open(
      store: StateStore,
      instance: string,
      accountId: string,
      outcomeRetryMs = 3_600_000,
    ): Promise<SharedGuard> {
      return createSharedGuard(RULES, {
        store,
        account: accountId,
        instance,
        clock: clock.read,
        leaseMs: LEASE_MS,
        outcomeRetryMs,
      });
    }

    /** A fresh place and account for one test, seeded with an empty account. */
    async function world(outcomeRetryMs?: number) {
      const place = kind.place();
      places.push(place);
      worlds += 1;
      const accountId = `${account}-${worlds}`;
      const a = await process(place, 'a', accountId, outcomeRetryMs);
      await a.guard.seed(EMPTY_ACCOUNT);
      const other = await open(await place.connect(), 'b', accountId);
      return { place, accountId, a, b: other };
    }

    it('costs one store call per order back to back: each order’s step carries the previous answer first', async () => {
      const { accountId, a, b } = await world();
      const warmUp = await a.trading.addOrder(ORDER);
      a.watched.calls.length = 0;
      for (let i = 0; i < 4; i += 1) await a.trading.addOrder(ORDER);
      // The last answer's own commit (made after this turn of the event loop, as no step follows) waits until b
      // has looked: held from here, before that turn ends.
      const releaseCommits = a.watched.holdCommits();
      // The guard adds no call: each order is one beginCall. (A slow run of calls may see the nonce source stand
      // aside for other processes once, freeing its slot with an endCall of its own first: see FairTurns.)
      const steps = a.watched.calls.filter((call) => call.method !== 'endCall');
      expect(steps.map((call) => call.method)).toEqual(['beginCall', 'beginCall', 'beginCall', 'beginCall']);
      const refs = a.guard.orders().map((order) => order.ref);
      for (const [i, call] of steps.entries()) {
        // The answer of the order before, then this order's reservation: in that order, in one step.
        expect(call.entries?.map((entry) => entry.type)).toEqual(['event', 'reserve']);
        expect(call.entries?.[0]?.event).toMatchObject({ type: 'order-accepted', ref: refs[i] });
        expect(call.entries?.[1]?.records?.[0]?.ref).toBe(refs[i + 1]);
      }
      expect(warmUp.txid).toEqual(['OANS-1']);

      // The last answer waits for a step; flush() is that step when none follows.
      await b.sync();
      expect(
        b
          .orders()
          .filter((order) => order.status === 'in-flight')
          .map((order) => order.ref),
      ).toEqual([refs[4]]);
      releaseCommits();
      await a.guard.flush();
      // One commit for it (the last call's slot may have been freed by an endCall of its own meanwhile).
      expect(a.watched.methods().filter((method) => method !== 'endCall')).toEqual([
        ...steps.map((call) => call.method),
        'commit',
      ]);
      await b.sync();
      expect(b.orders().map((order) => [order.status, order.txid])).toEqual(
        [1, 2, 3, 4, 5].map((n) => ['open', `OANS-${n}`]),
      );
      expect(b.exportState()).toBe(a.guard.exportState());
      const accepted = (await journalOf(a.watched.store, accountId)).filter(
        (entry) => entry.event?.type === 'order-accepted',
      );
      expect(accepted.map((entry) => entry.event?.ref)).toEqual(refs);
    });

    it('keeps an answer the store refused pending, counted as in flight by the others, and lands it with the next order, once', async () => {
      const { accountId, a, b } = await world();
      a.watched.refuseCommits = true;
      await a.trading.addOrder(ORDER);
      await waitFor(() => a.watched.refused >= 1, 'the commit right after the order to be refused');
      await expect(a.guard.flush()).rejects.toBeInstanceOf(StoreUnavailableError);
      // This process shows the answer at once; another still counts the reservation, in flight.
      expect(a.guard.orders()).toMatchObject([{ status: 'open', txid: 'OANS-1' }]);
      await b.sync();
      expect(b.orders()).toMatchObject([{ status: 'in-flight' }]);
      expect(usdUsed(b)).toBe(500);

      a.watched.refuseCommits = false;
      a.watched.calls.length = 0;
      await a.trading.addOrder(ORDER);
      expect(stepsOf(a.watched)).toEqual(['beginCall']);
      expect(
        a.watched.calls
          .find((call) => call.method === 'beginCall')
          ?.entries?.map((entry) => entry.event?.type ?? entry.type),
      ).toEqual(['order-accepted', 'reserve']);
      await a.guard.flush();
      await b.sync();
      expect(b.orders().map((order) => order.txid)).toEqual(['OANS-1', 'OANS-2']);
      expect(b.exportState()).toBe(a.guard.exportState());
      const journal = await journalOf(a.watched.store, accountId);
      expect(journal.filter((entry) => entry.event?.type === 'order-accepted')).toHaveLength(2);
    });

    it('journals a refused answer again on its own, once the store takes commits, with no order after it', async () => {
      const { a, b } = await world(20);
      a.watched.refuseCommits = true;
      await a.trading.addOrder(ORDER);
      await waitFor(() => a.watched.refused >= 2, 'the commit after the order, and a retry, to be refused');
      const landed = a.watched.committed;
      a.watched.refuseCommits = false;
      await waitFor(() => a.watched.committed > landed, 'a later retry to land');
      await b.sync();
      expect(b.orders()).toMatchObject([{ status: 'open', txid: 'OANS-1' }]);
      expect(b.exportState()).toBe(a.guard.exportState());
      // Nothing is left to journal: no retry follows.
      const commits = a.watched.committed;
      await a.guard.flush();
      expect(a.watched.committed).toBe(commits);
    });

    it('journals an answer still pending when the guarded client closes', async () => {
      const { a, b } = await world();
      a.watched.refuseCommits = true;
      await a.trading.addOrder(ORDER);
      await waitFor(() => a.watched.refused >= 1, 'the commit right after the order to be refused');
      a.watched.refuseCommits = false;
      a.watched.calls.length = 0;
      await a.trading.close();
      expect(stepsOf(a.watched)).toEqual(['commit']);
      await b.sync();
      expect(b.orders()).toMatchObject([{ status: 'open', txid: 'OANS-1' }]);
    });

    it('does not journal again an answer whose commit landed though the store’s reply was lost', async () => {
      const { accountId, a, b } = await world();
      a.watched.loseNextCommitAnswer = true;
      await a.trading.addOrder(ORDER);
      await waitFor(() => a.watched.lost >= 1, 'the commit right after the order to land, its reply lost');
      await a.trading.addOrder(ORDER);
      await a.guard.flush();
      await b.sync();
      const journal = await journalOf(a.watched.store, accountId);
      const refs = a.guard.orders().map((order) => order.ref);
      const answered = journal.filter((entry) => entry.event?.type === 'order-accepted');
      expect(answered.map((entry) => entry.event?.ref)).toEqual(refs);
      expect(b.exportState()).toBe(a.guard.exportState());
    });

    it('folds what another process wrote meanwhile beneath the pending answer, then carries it first', async () => {
      const { accountId, a, b } = await world();
      a.watched.refuseCommits = true;
      await a.trading.addOrder(ORDER);
      await waitFor(() => a.watched.refused >= 1, 'the commit right after the order to be refused');
      // Meanwhile b reserves, and journals the exchange's view, which does not show a's order yet.
      expect((await b.reserve({ ...orderIntent(), volume: '0.02' })).allowed).toBe(true);
      expect(await b.reconcile(EMPTY_ACCOUNT)).toMatchObject({ keptInFlight: 2 });
      a.watched.refuseCommits = false;
      a.watched.calls.length = 0;
      await a.trading.addOrder(ORDER);
      // The first ask found the journal moved on; the second carried the answer before the new reservation.
      expect(stepsOf(a.watched)).toEqual(['beginCall', 'beginCall']);
      expect(
        a.watched.calls
          .filter((call) => call.method === 'beginCall')[1]
          ?.entries?.map((entry) => entry.event?.type ?? entry.type),
      ).toEqual(['order-accepted', 'reserve']);
      await a.guard.flush();
      await b.sync();
      const types = (await journalOf(a.watched.store, accountId)).map(
        (entry) => entry.event?.type ?? entry.type,
      );
      // b's reservation and snapshot, then a's pending answer before its new order, then that order's answer.
      expect(types.slice(-5)).toEqual(['reserve', 'snapshot', 'order-accepted', 'reserve', 'order-accepted']);
      expect(b.exportState()).toBe(a.guard.exportState());
      expect(usdUsed(b)).toBe(2_000);
    });

    it('leaves the reservation held when the process dies before its answer is journaled, until a reconcile after its lease', async () => {
      const { a, b } = await world();
      a.watched.refuseCommits = true;
      await a.trading.addOrder(ORDER);
      a.watched.dead = true; // killed before anything took its answer to the store
      const onTheBook = {
        openPositions: {},
        openOrders: {
          open: {
            'OANS-1': {
              status: 'open',
              descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
              vol: '0.01',
              vol_exec: '0',
            },
          },
        },
      } as const;
      await b.sync();
      expect(b.orders()).toMatchObject([{ status: 'in-flight', instance: 'a' }]);
      // Within its lease the reservation counts beside the exchange's order: more than is used, never less.
      expect(await b.reconcile(onTheBook)).toMatchObject({ keptInFlight: 1 });
      expect(usdUsed(b)).toBe(1_000);
      clock.advance(LEASE_MS);
      expect(await b.reconcile(onTheBook)).toMatchObject({ keptInFlight: 0, expiredInFlight: 1 });
      expect(usdUsed(b)).toBe(500);
    });
  });
}

function orderIntent() {
  return {
    pair: 'XBTUSD',
    side: 'buy',
    orderType: 'limit',
    volume: '0.01',
    price: '50000',
    leverage: '5',
  } as const;
}
