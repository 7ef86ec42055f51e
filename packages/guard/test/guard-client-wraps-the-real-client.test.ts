import { createClient } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { testGuard } from './support/guard-factory.js';

interface SeenRequest {
  path: string;
  body: string;
}

/** An in-process transport answering like Kraken: no network at all. */
function krakenTransport(seen: SeenRequest[]) {
  let txid = 0;
  return {
    async send(request: { path: string; body?: string }) {
      seen.push({ path: request.path, body: request.body ?? '' });
      const endpoint = request.path.split('?')[0]?.split('/').pop();
      const result =
        endpoint === 'AddOrder'
          ? { descr: { order: 'buy 1 XBTUSD @ limit 50000' }, txid: [`OREAL-${++txid}`] }
          : {};
      return { status: 200, body: JSON.stringify({ error: [], result }) };
    },
  };
}

describe('guardClient over createClient()', () => {
  it('sends an allowed order through the real pipeline and nothing for a refused one', async () => {
    const seen: SeenRequest[] = [];
    const client = createClient({
      transport: krakenTransport(seen),
      tier: 'intermediate',
      key: {
        name: 'guard-test',
        apiKey: `guard-test-${process.pid}-${Date.now()}`,
        apiSecret: Buffer.from('k'.repeat(64)).toString('base64'),
        permissions: ['trades_modify', 'trades_close', 'trades_query_open'],
      },
    });
    try {
      const { guard } = testGuard();
      const guarded = guardClient(client, guard);
      const placed = await guarded.addOrder({
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        volume: '300',
        price: '50000',
        leverage: '5',
      });
      expect(placed.txid).toEqual(['OREAL-1']);
      await expect(
        guarded.addOrder({
          pair: 'XBTUSD',
          type: 'buy',
          ordertype: 'limit',
          volume: '1',
          price: '50000',
          leverage: '5',
        }),
      ).rejects.toMatchObject({ code: 'EOrder:Margin allowance exceeded' });
      expect(seen.map((request) => request.path)).toEqual(['/0/private/AddOrder']);
      expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'OREAL-1', status: 'open' })]);
    } finally {
      await client.close();
    }
  });
});
