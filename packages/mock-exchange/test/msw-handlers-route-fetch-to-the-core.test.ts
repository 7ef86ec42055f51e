import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { krakenHandlers } from '../src/adapters/msw.js';
import { limitBuy } from './support/orders.js';
import { type Envelope, signedRequest } from './support/signer.js';
import { world } from './support/world.js';

const w = world();
const server = setupServer(...krakenHandlers(w.exchange));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function post(method: string, params: Record<string, unknown> = {}): Promise<Envelope> {
  const request = signedRequest(w.key, method, params);
  const response = await fetch(`https://api.kraken.com${request.path}`, {
    method: 'POST',
    headers: request.headers as Record<string, string>,
    body: request.body!,
  });
  return (await response.json()) as Envelope;
}

describe('krakenHandlers (msw 2)', () => {
  it('answers https://api.kraken.com calls from the core, public and private', async () => {
    const pairs = (await (
      await fetch('https://api.kraken.com/0/public/AssetPairs?pair=XBTUSD')
    ).json()) as Envelope;
    expect(Object.keys(pairs.result as object)).toEqual(['XXBTZUSD']);
    const placed = await post('AddOrder', limitBuy('0.01', '60000.0'));
    expect(placed.error).toEqual([]);
    expect(w.exchange.account('main').orders.size).toBe(1);
  });

  it('a lost response becomes a fetch network error while the order exists', async () => {
    w.exchange.faults.add({ kind: 'lost-response', endpoints: ['AddOrder'], times: 1 });
    await expect(post('AddOrder', limitBuy('0.01', '60000.0', { cl_ord_id: 'msw-lost' }))).rejects.toThrow();
    expect([...w.exchange.account('main').orders.values()].some((o) => o.clOrdId === 'msw-lost')).toBe(true);
  });
});
