import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenError, TransportError } from '../src/errors/index.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { WsEventMap } from '../src/ws/events.js';
import type { TickerEvent } from '../src/ws/subscription-types.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';
import { trackResources } from './support/ws-resource-tracker.js';

let stub: KrakenWsStub;
let client: WsClient;
let background: Array<WsEventMap['error']>;
let opens: number;

/**
 * Short backoff; a request timeout long enough that an answered subscribe never times out on a loaded machine (only
 * the ones the stub leaves unanswered do), short enough that the three of the longest test take a few seconds.
 */
function startClient(): WsClient {
  const created = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    requestTimeoutMs: 600,
    reconnect: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  background = [];
  opens = 0;
  created.on('error', (event) => background.push(event));
  created.on('open', () => {
    opens += 1;
  });
  return created;
}

/** A ticker stream whose events and end are recorded. */
function tickerStream(): {
  ready: Promise<void>;
  events: TickerEvent[];
  end: { error?: unknown; done: boolean };
} {
  const subscription = client.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
  const events: TickerEvent[] = [];
  const end: { error?: unknown; done: boolean } = { done: false };
  void (async () => {
    try {
      for await (const event of subscription) events.push(event);
    } catch (error) {
      end.error = error;
    }
    end.done = true;
  })();
  return { ready: subscription.ready, events, end };
}

/** Subscribe requests the stub received on its newest connection. */
function subscribesOnLatest(): number {
  const latest = stub.connections.at(-1)?.id;
  return stub.requests('subscribe').filter((r) => r.connection === latest).length;
}

async function tickerArrives(stream: { events: TickerEvent[] }, last: string): Promise<void> {
  stub.pushTicker('BTC/USD', last);
  await waitFor(() => stream.events.some((event) => event.data[0]?.last === last), `ticker ${last}`);
}

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  client = startClient();
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

describe('an established subscription survives a resubscribe that gets no answer', () => {
  it('sends the resubscribe again when the first one after a reconnect is never answered, and the stream keeps delivering', async () => {
    const stream = tickerStream();
    await stream.ready;
    await tickerArrives(stream, '100.5');

    stub.ignoreNext.add('subscribe');
    stub.dropAll();
    await waitFor(() => opens === 2 && stub.open[0]?.channels.has('ticker|BTC/USD') === true, 'resubscribed');
    expect(subscribesOnLatest()).toBe(2);
    await tickerArrives(stream, '101.5');

    expect(stream.end).toEqual({ done: false });
    expect(background).toHaveLength(1);
    expect(background[0]).toMatchObject({
      endpoint: 'public',
      context: 'resubscribe ticker|BTC/USD (attempt 1)',
    });
    expect(background[0]?.error).toBeInstanceOf(TransportError);
    expect(background[0]?.error).toMatchObject({ code: 'KRAKENKIT_WS_TIMEOUT' });
  });

  it('takes "Already subscribed" on the retry as the acknowledgement whose answer was lost', async () => {
    const stream = tickerStream();
    await stream.ready;

    // The first resubscribe takes effect but its answer is lost: the retry is told it is already subscribed.
    stub.muteNext.set('subscribe', 1);
    stub.dropAll();
    await waitFor(() => opens === 2 && subscribesOnLatest() === 2, 'retried');
    await tickerArrives(stream, '102.5');
    expect(stream.end).toEqual({ done: false });
    // A third subscribe would mean the "Already subscribed" answer was taken for a failure.
    await tickerArrives(stream, '102.6');
    expect(subscribesOnLatest()).toBe(2);
  });

  it('drops and reopens the socket after three unanswered resubscribes on it, and the stream lives on', async () => {
    const stream = tickerStream();
    await stream.ready;

    stub.muteNext.set('subscribe', 3);
    stub.dropAll();
    await waitFor(() => opens === 3 && stub.open[0]?.channels.has('ticker|BTC/USD') === true, 'reopened');
    const perConnection = stub.connections.map(
      (c) => stub.requests('subscribe').filter((r) => r.connection === c.id).length,
    );
    expect(perConnection).toEqual([1, 3, 1]);
    await tickerArrives(stream, '103.5');
    expect(stream.end).toEqual({ done: false });
    expect(background.map((event) => event.context)).toEqual([
      'resubscribe ticker|BTC/USD (attempt 1)',
      'resubscribe ticker|BTC/USD (attempt 2)',
      'resubscribe ticker|BTC/USD (attempt 3)',
    ]);
  });

  it('still ends the stream with the KrakenError when Kraken refuses the resubscribe', async () => {
    const stream = tickerStream();
    await stream.ready;

    stub.failNext.set('subscribe', 'EGeneral:Internal error');
    stub.dropAll();
    await waitFor(() => stream.end.done, 'stream ended');
    expect(stream.end.error).toBeInstanceOf(KrakenError);
    expect(stream.end.error).toMatchObject({ errors: ['EGeneral:Internal error'] });
    expect(subscribesOnLatest()).toBe(1);
  });

  it('still rejects `ready` of a first subscribe that gets no answer', async () => {
    stub.ignoreNext.add('subscribe');
    const stream = tickerStream();
    await expect(stream.ready).rejects.toMatchObject({ code: 'KRAKENKIT_WS_TIMEOUT' });
    await waitFor(() => stream.end.done, 'stream ended');
    expect(subscribesOnLatest()).toBe(1);
  });

  it('leaves nothing running when closed while a retry waits', async () => {
    await client.close();
    const resources = trackResources('/src/ws/');
    try {
      client = startClient();
      const stream = tickerStream();
      await stream.ready;
      let closing: Promise<void> | undefined;
      // The event comes once the retry is scheduled: closing here closes in the middle of the wait.
      client.on('error', () => {
        closing ??= client.close();
      });
      stub.ignoreNext.add('subscribe');
      stub.dropAll();
      await waitFor(() => closing !== undefined, 'the first resubscribe timed out');
      await closing;
      await waitFor(() => resources.live().length === 0, 'every client timer and socket gone');
      expect(subscribesOnLatest()).toBe(1);
      expect(stream.end).toEqual({ done: true });
    } finally {
      resources.stop();
    }
  });
});
