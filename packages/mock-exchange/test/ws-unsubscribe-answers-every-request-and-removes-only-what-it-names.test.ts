import { describe, expect, it } from 'vitest';
import { wsWorldPerTest } from './support/ws-harness.js';

const open = wsWorldPerTest();

describe('unsubscribe of a public channel', () => {
  it('without a symbol is answered with an error instead of silence', async () => {
    const { raw } = await open();
    await raw.call('subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    const missing = raw.send('unsubscribe', { channel: 'ticker' });
    const empty = raw.send('unsubscribe', { channel: 'book', symbol: [] });
    // Requests are answered in order: once the ping's pong is in, both unsubscribes have had their turn.
    await raw.call('ping');
    for (const reqId of [missing, empty]) {
      expect(raw.answers(reqId)).toEqual([
        expect.objectContaining({
          method: 'unsubscribe',
          success: false,
          error: 'EGeneral:Invalid arguments:symbol',
        }),
      ]);
    }
    // The ticker subscription it did not name is still held.
    const [gone] = await raw.call('unsubscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    expect(gone).toMatchObject({ success: true, result: { channel: 'ticker', symbol: 'BTC/USD' } });
  });

  it('of ohlc with an interval Kraken does not offer is refused and leaves the held interval alone', async () => {
    const { raw } = await open();
    const [subscribed] = await raw.call('subscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 1 });
    expect(subscribed).toMatchObject({ success: true, result: { interval: 1 } });
    const [bad] = await raw.call('unsubscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 7 });
    expect(bad).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:interval' });
    // Had the bad interval been read as 1, this would be `Subscription Not Found`.
    const [good] = await raw.call('unsubscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 1 });
    expect(good).toMatchObject({ success: true, result: { channel: 'ohlc', symbol: 'ETH/USD' } });
  });
});
