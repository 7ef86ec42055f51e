import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { WsEventMap } from '../src/ws/events.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub;
let client: WsClient | undefined;

beforeEach(async () => {
  stub = await KrakenWsStub.start({ heartbeatIntervalMs: 20 });
  stub.setBook('BTC/USD', { bids: [['100.0', '1']], asks: [['100.5', '2']] });
});

afterEach(async () => {
  await client?.close();
  await stub.close();
});

describe('heartbeat watchdog', () => {
  it('drops a silent connection and reconnects, restoring the book', async () => {
    client = createWsClient({
      url: stub.url,
      // Wide against the 20 ms heartbeats, so a busy machine's scheduling gaps never look like a silent server.
      heartbeatTimeoutMs: 1_000,
      pingIntervalMs: 200,
      reconnect: { baseDelayMs: 5, maxDelayMs: 10 },
      precision: { 'BTC/USD': { price: 1, qty: 8 } },
    });
    const timeouts: Array<WsEventMap['heartbeat-timeout']> = [];
    const opens: boolean[] = [];
    client.on('heartbeat-timeout', (event) => timeouts.push(event));
    client.on('open', (event) => opens.push(event.reconnect));
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    await waitFor(() => client?.bookState('BTC/USD') === 'valid', 'book');
    // Heartbeats keep it alive well past the timeout: counted in heartbeats received, not in time slept.
    const sentBefore = stub.heartbeatsSent;
    await waitFor(() => stub.heartbeatsSent >= sentBefore + 75, 'heartbeats covering 1.5 timeouts');
    expect(timeouts).toEqual([]);
    stub.silence();
    await waitFor(() => timeouts.length === 1, 'heartbeat timeout');
    expect(timeouts[0]?.endpoint).toBe('public');
    expect(timeouts[0]?.silentMs).toBeGreaterThanOrEqual(1_000);
    await waitFor(() => opens.length === 2 && client?.bookState('BTC/USD') === 'valid', 'reconnected');
    expect(opens).toEqual([false, true]);
    expect(stub.connections).toHaveLength(2);
  });

  it('pings an idle socket (no subscription, so no heartbeats) and keeps it open on pongs', async () => {
    client = createWsClient({ url: stub.url, heartbeatTimeoutMs: 1_000, pingIntervalMs: 30 });
    const timeouts: unknown[] = [];
    client.on('heartbeat-timeout', (event) => timeouts.push(event));
    await client.connect('public');
    await waitFor(() => stub.requests('ping').length >= 5, 'idle pings');
    expect(timeouts).toEqual([]);
    expect(stub.connections).toHaveLength(1);
  });

  it('measures a round trip with ping()', async () => {
    client = createWsClient({ url: stub.url });
    const rtt = await client.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
  });
});
