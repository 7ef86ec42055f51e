import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WsClient } from '../src/ws/client.js';
import type { WsEventMap } from '../src/ws/events.js';
import type { KrakenWsStub } from './support/ws-kraken-stub.js';
import { waitFor } from './support/ws-kraken-stub.js';
import { stubWithBtcClient } from './support/ws-stub-client.js';

let stub: KrakenWsStub;
let client: WsClient;

beforeEach(async () => {
  ({ stub, client } = await stubWithBtcClient({ bids: [['100.0', '1']], asks: [['100.5', '2']] }));
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

describe('hostile frames on a live connection', () => {
  it('reports malformed frames as protocol-error events and keeps the book and connection running', async () => {
    const errors: Array<WsEventMap['protocol-error']> = [];
    const unhandled: unknown[] = [];
    client.on('protocol-error', (event) => errors.push(event));
    client.on('unhandled', (event) => unhandled.push(event.value));
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'book');
    stub.broadcast('not json at all');
    stub.broadcast(
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":"NaN","qty":1}],"asks":[],"checksum":1}]}',
    );
    stub.broadcast(
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1e99999999,"qty":1}],"asks":[],"checksum":1}]}',
    );
    stub.broadcast('[1,2,3]');
    stub.broadcast('{"channel":"level3","type":"update","data":[]}');
    stub.updateBook('BTC/USD', { bids: [['100.1', '1']] });
    await waitFor(() => client.book('BTC/USD', 1).bids[0]?.price === '100.1', 'book still maintained');
    expect(errors.map((e) => e.error.path)).toEqual([
      '',
      'data[0].bids[0].price',
      'data[0].bids[0].price',
      '',
    ]);
    expect(errors.every((e) => e.error.code === 'KRAKENKIT_WS_PROTOCOL' && e.endpoint === 'public')).toBe(
      true,
    );
    expect(unhandled).toEqual([{ channel: 'level3', type: 'update', data: [] }]);
    expect(client.bookState('BTC/USD')).toBe('valid');
  });

  it('a throwing listener is reported, not fatal', async () => {
    const reported: Array<WsEventMap['error']> = [];
    client.on('open', () => {
      throw new Error('listener bug');
    });
    client.on('error', (event) => reported.push(event));
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    expect(reported).toMatchObject([{ context: 'listener for open' }]);
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'book despite the listener');
  });

  it('flags a gap in executions sequence numbers', async () => {
    const gaps: Array<WsEventMap['sequence-gap']> = [];
    client.on('sequence-gap', (event) => gaps.push(event));
    const sub = client.subscribe({ channel: 'executions' });
    await sub.ready;
    await waitFor(() => stub.open.some((c) => c.sequence === 1), 'snapshot sent');
    stub.broadcast(
      '{"channel":"executions","type":"update","data":[{"exec_type":"new","order_id":"O9"}],"sequence":5}',
    );
    await waitFor(() => gaps.length === 1, 'gap');
    expect(gaps).toEqual([{ channel: 'executions', expected: 2, received: 5 }]);
  });
});
