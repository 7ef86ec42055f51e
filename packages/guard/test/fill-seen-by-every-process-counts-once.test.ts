import type { ExecutionReport } from '@krakenkit/client/ws';
import { Decimal } from '@krakenkit/core';
import { type GuardableWsClient, guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { longOf, SharedWorld, usdUsed } from './support/shared-world.js';

const unusedWs = {} as GuardableWsClient;

describe('an execution every process sees', () => {
  it('is journaled by the process that reserved the order only, so it counts once', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const { ref } = await a.reserve(longOf(10));
    expect(await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'OFILL-1' })).toBe(true);
    await b.sync();
    // Both processes follow the account's executions channel: both are told of the fill.
    const report = {
      exec_type: 'trade',
      order_id: 'OFILL-1',
      last_qty: '0.2',
      last_price: '50000',
    } as ExecutionReport;
    const fromB = guardWsClient(unusedWs, b).applyExecution(report);
    const fromA = guardWsClient(unusedWs, a).applyExecution(report);
    expect(await fromB).toBe(false); // not b's order: b leaves it to a
    expect(await fromA).toBe(true);
    await b.sync();
    for (const guard of [a, b]) {
      expect(guard.positions()).toMatchObject([{ id: 'OFILL-1', volume: '0.2', cost: '10000' }]);
      expect(guard.orders()).toEqual([]);
      expect(usdUsed(guard)).toBe(10_000);
    }
    expect(a.exportState()).toBe(b.exportState());
  });

  it('counts each of the owner’s fills, and never another process’s report of them', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const { ref } = await a.reserve(longOf(10));
    await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'OFILL-2' });
    const fill = { type: 'order-filled', order: 'OFILL-2', volume: '0.1', price: '50000' } as const;
    expect(await a.apply(fill)).toBe(true);
    expect(await a.apply(fill)).toBe(true); // a second, real fill of the rest
    await b.sync();
    expect(await b.apply(fill)).toBe(false);
    expect(b.positions()).toMatchObject([{ id: 'OFILL-2', volume: '0.2' }]);
  });

  it('journals a fill whose average price uses the whole precision, and every process folds the same amount', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const { ref } = await a.reserve(longOf(10));
    await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'OFILL-3' });
    // cost ÷ volume as a runner computes an average: 64 significant digits, more than 64 characters of text.
    const average = new Decimal(150_001).div(3);
    expect(average.toFixed().length).toBeGreaterThan(64);
    expect(await a.apply({ type: 'order-filled', order: 'OFILL-3', volume: '0.2', price: average })).toBe(
      true,
    );
    await b.sync();
    expect(b.positions()).toHaveLength(1);
    expect(a.exportState()).toBe(b.exportState());
  });
});
