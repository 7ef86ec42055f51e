import { afterEach, describe, expect, it } from 'vitest';
import { RawWs, startWsWorld, type WsWorld } from './support/ws-harness.js';

let w: WsWorld | undefined;
const raws: RawWs[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.close();
  await w?.running.close();
  w = undefined;
});

async function open(): Promise<RawWs> {
  const raw = await RawWs.open(w!.running.wsUrl);
  raws.push(raw);
  return raw;
}

describe('WsFaults.refuseSubscription', () => {
  it('refuses the next subscribe of that channel and symbol with the error, leaves the others, then serves it', async () => {
    w = await startWsWorld();
    w.running.ws.faults.refuseSubscription('ticker', 'ETH/USD', { error: 'EService:Busy' });
    const raw = await open();
    const answers = await raw.call('subscribe', { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] }, 2);
    expect(answers).toEqual([
      expect.objectContaining({ success: true, result: expect.objectContaining({ symbol: 'BTC/USD' }) }),
      expect.objectContaining({ success: false, error: 'EService:Busy', symbol: 'ETH/USD' }),
    ]);
    // Another channel of the same symbol is not struck.
    const [book] = await raw.call('subscribe', { channel: 'book', symbol: ['ETH/USD'] });
    expect(book).toMatchObject({ success: true });
    // The fault was for one request: the next one is served, with its snapshot.
    const [again] = await raw.call('subscribe', { channel: 'ticker', symbol: ['ETH/USD'] });
    expect(again).toMatchObject({ success: true, result: { channel: 'ticker', symbol: 'ETH/USD' } });
    await raw.next(
      (frame) =>
        frame.channel === 'ticker' &&
        (frame.data as Array<{ symbol: string }>).some((entry) => entry.symbol === 'ETH/USD'),
      'the ETH/USD ticker snapshot',
    );
  });

  it('counts refusals across connections, by any name of the pair, for every ohlc interval', async () => {
    w = await startWsWorld();
    w.running.ws.faults.refuseSubscription('ohlc', 'XETHZUSD', { count: 2 });
    const first = await open();
    const second = await open();
    const [a] = await first.call('subscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 1 });
    const [b] = await second.call('subscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 5 });
    const [c] = await second.call('subscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 1 });
    expect([a, b].map((answer) => [answer?.success, answer?.error])).toEqual([
      [false, 'EService:Unavailable'],
      [false, 'EService:Unavailable'],
    ]);
    expect(c).toMatchObject({ success: true, result: { channel: 'ohlc', interval: 1 } });
  });

  it('refuses every subscribe while an endless fault holds, and serves again once it is lifted', async () => {
    w = await startWsWorld();
    const lift = w.running.ws.faults.refuseSubscription('book', 'BTC/USD', {
      count: Number.POSITIVE_INFINITY,
    });
    const raw = await open();
    for (let i = 0; i < 3; i += 1) {
      const [answer] = await raw.call('subscribe', { channel: 'book', symbol: ['BTC/USD'] });
      expect(answer).toMatchObject({ success: false, error: 'EService:Unavailable', symbol: 'BTC/USD' });
    }
    lift();
    const [served] = await raw.call('subscribe', { channel: 'book', symbol: ['BTC/USD'] });
    expect(served).toMatchObject({ success: true, result: { channel: 'book', symbol: 'BTC/USD' } });
  });
});
