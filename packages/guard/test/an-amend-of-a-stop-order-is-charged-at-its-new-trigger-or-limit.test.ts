import { GuardRejectedError, guardClient } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { codes, testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

// A resting margin buy holds volume × its charge price of the quote pool: the trigger of a stop-loss or
// take-profit, the limit (price2) of their -limit forms. An amend moving those prices must move the charge: the
// guard ignored a new trigger, and read AmendOrder's trigger_price as a -limit order's limit, so it could lower the
// held borrow while the limit on the exchange stayed where it was.
const SMALL_USD = { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } };

function restingStop(orderType: 'stop-loss' | 'stop-loss-limit') {
  const made = testGuard({ allowances: SMALL_USD });
  const limit = orderType === 'stop-loss-limit' ? { price2: '50500.0' } : {};
  const intent = {
    pair: 'XBTUSD',
    side: 'buy' as const,
    orderType,
    volume: '1',
    price: '50000.0',
    leverage: '5',
  };
  const ref = made.guard.reserve({ ...intent, ...limit }).ref ?? '';
  made.guard.apply({ type: 'order-accepted', ref, txid: 'OSTOP' });
  return made;
}

function heldUsd(guard: ReturnType<typeof testGuard>['guard']): string | undefined {
  return guard.snapshot().pools.find((pool) => pool.currency === 'USD')?.orders;
}

describe('an amend of a resting stop order', () => {
  it('charges a stop-loss at its new trigger', () => {
    const { guard } = restingStop('stop-loss');
    expect(heldUsd(guard)).toBe('50000');
    const raised = guard.check({ kind: 'amend', orderId: 'OSTOP', price: '150000.0' });
    expect(codes(raised)).toEqual(['EOrder:Margin allowance exceeded']);
    expect(raised.violations[0]).toMatchObject({ limit: '100000', requested: '150000' });
  });

  it('charges a stop-loss amended through AmendOrder trigger_price, and sends nothing', async () => {
    const { guard } = restingStop('stop-loss');
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    await expect(guarded.amendOrder({ txid: 'OSTOP', trigger_price: '150000.0' })).rejects.toBeInstanceOf(
      GuardRejectedError,
    );
    expect(calls).toEqual([]);
  });

  it('keeps a stop-loss-limit charged at its limit when only the trigger moves', async () => {
    const { guard } = restingStop('stop-loss-limit');
    expect(heldUsd(guard)).toBe('50500');
    const { client } = recordingClient();
    await guardClient(client, guard).amendOrder({ txid: 'OSTOP', trigger_price: '40000.0' });
    expect(heldUsd(guard)).toBe('50500');
  });

  it('charges a stop-loss-limit at a new limit, from AmendOrder limit_price or EditOrder price2', async () => {
    const { guard } = restingStop('stop-loss-limit');
    const { client, calls } = recordingClient();
    const guarded = guardClient(client, guard);
    await expect(guarded.amendOrder({ txid: 'OSTOP', limit_price: '150000.0' })).rejects.toMatchObject({
      violations: [
        expect.objectContaining({ code: 'EOrder:Margin allowance exceeded', requested: '150000' }),
      ],
    });
    await expect(
      guarded.editOrder({ txid: 'OSTOP', pair: 'XBTUSD', price: '50000.0', price2: '150000.0' }),
    ).rejects.toMatchObject({
      violations: [
        expect.objectContaining({ code: 'EOrder:Margin allowance exceeded', requested: '150000' }),
      ],
    });
    expect(calls).toEqual([]);
  });
});
