/**
 * A reconciliation reads OpenOrders and OpenPositions, then replaces the guard's orders and positions with them.
 * A cancel the guard applied while the reads were answered was undone: the snapshot still showed the order open.
 * The runner now gives the guard the time just before the reads were sent (`readAt`, on the guard's clock), so
 * the guard keeps what it learned since.
 */
import { silentLogger } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { type ReconcileParts, reconcileWithExchange } from '../src/engine/guard-reconcile.js';

function parts(clock: { now: number }, reconciled: unknown[]): ReconcileParts {
  const read = async <T>(value: T): Promise<T> => {
    clock.now += 250; // each read is answered a while after it was sent
    return value;
  };
  return {
    client: {
      openOrders: () => read({ open: {} }),
      openPositions: () => read({}),
    } as unknown as ReconcileParts['client'],
    guard: {
      reconcile: async (_snapshot: unknown, options: unknown) => {
        reconciled.push({ options, at: clock.now });
        return {};
      },
    } as unknown as ReconcileParts['guard'],
    tracker: { absorb: async () => [] } as unknown as ReconcileParts['tracker'],
    fees: { refresh: async () => {} } as unknown as ReconcileParts['fees'],
    events: { emit: () => {} } as unknown as ReconcileParts['events'],
    logger: silentLogger() as unknown as ReconcileParts['logger'],
    now: () => clock.now,
    dispatch: async () => {},
  };
}

describe('a reconciliation with the exchange', () => {
  it('tells the guard when its snapshot was read: just before the first read was sent', async () => {
    const clock = { now: 1_000_000 };
    const reconciled: unknown[] = [];
    await reconcileWithExchange(parts(clock, reconciled));
    expect(reconciled).toEqual([{ options: { readAt: 1_000_000 }, at: 1_000_500 }]);
  });

  it('takes that time on the guard’s clock when it is not the session’s', async () => {
    const clock = { now: 1_000_000 };
    const reconciled: unknown[] = [];
    await reconcileWithExchange({ ...parts(clock, reconciled), guardNow: () => 42 });
    expect(reconciled).toEqual([{ options: { readAt: 42 }, at: 1_000_500 }]);
  });
});
