import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { frameCost, MessageBudget } from '../src/ws/message-budget.js';
import { RawWs, startWsWorld, type WsWorld } from './support/ws-harness.js';

describe('MessageBudget', () => {
  it('accepts a burst, then refills at the rate', () => {
    const budget = new MessageBudget(10, 3, 100);
    expect([0, 0, 0, 0].map((t) => budget.admit(t))).toEqual(['accept', 'accept', 'accept', 'refuse']);
    expect(budget.admit(100)).toBe('accept'); // 100 ms at 10/s: one more message
    expect(budget.admit(100)).toBe('refuse');
    expect(budget.admit(10_000)).toBe('accept'); // a long pause refills only up to the burst
    expect(budget.admit(10_000)).toBe('accept');
    expect(budget.admit(10_000)).toBe('accept');
    expect(budget.admit(10_000)).toBe('refuse');
  });

  it('charges a large frame by its size: one unit, plus one per further 64 KiB', () => {
    expect([0, 100, 64 * 1024 - 1, 64 * 1024, 1 << 20].map(frameCost)).toEqual([1, 1, 1, 2, 17]);
    const budget = new MessageBudget(0, 20, 100);
    expect(budget.admit(0, frameCost(1 << 20))).toBe('accept');
    expect(budget.admit(0, frameCost(1 << 20))).toBe('refuse');
    expect(budget.admit(0, 1)).toBe('accept');
  });

  it('asks for the close after so many refusals in a row; an accepted message starts the count again', () => {
    const budget = new MessageBudget(10, 1, 3);
    expect(budget.admit(0)).toBe('accept');
    expect([0, 0].map((t) => budget.admit(t))).toEqual(['refuse', 'refuse']);
    expect(budget.admit(100)).toBe('accept');
    expect([100, 100, 100].map((t) => budget.admit(t))).toEqual(['refuse', 'refuse', 'close']);
  });
});

let w: WsWorld | undefined;
const sockets: RawWs[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await w?.running.close();
  w = undefined;
});

describe('the WebSocket server limits each connection on its own', () => {
  it('over the rate: Kraken v2 error answers, then a 1008 close; another connection is unaffected', async () => {
    w = await startWsWorld(
      {},
      {
        ws: { maxMessagesPerSecond: 0, messageBurst: 5, closeAfterRefusedMessages: 3 },
      },
    );
    const noisy = await RawWs.open(w.running.wsUrl);
    const quiet = await RawWs.open(w.running.wsUrl);
    sockets.push(noisy, quiet);
    const closed = once(noisy.socket, 'close') as Promise<[number, Buffer]>;
    const ids = Array.from({ length: 10 }, () => noisy.send('ping'));
    const [code, reason] = await closed;
    expect(code).toBe(1008);
    expect(reason.toString()).toBe('Exceeded msg rate');
    const answers = ids.map((id) => noisy.answers(id));
    expect(answers.slice(0, 5).every((a) => a.length === 1 && a[0]?.success === undefined)).toBe(true);
    for (const [i, a] of answers.slice(5, 8).entries()) {
      expect(a).toEqual([
        expect.objectContaining({
          method: 'pong',
          success: false,
          error: 'Exceeded msg rate',
          req_id: ids[5 + i],
        }),
      ]);
    }
    expect(answers.slice(8)).toEqual([[], []]); // after the close, frames are dropped unread
    expect(await quiet.call('ping')).toHaveLength(1);
  });

  it('the rate error string is a setting (Kraken does not publish it)', async () => {
    w = await startWsWorld(
      {},
      { ws: { maxMessagesPerSecond: 0, messageBurst: 1, rateLimitError: 'EGeneral:Too many requests' } },
    );
    const client = await RawWs.open(w.running.wsUrl);
    sockets.push(client);
    await client.call('ping');
    const [refused] = await client.call('subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    expect(refused).toMatchObject({
      method: 'subscribe',
      success: false,
      error: 'EGeneral:Too many requests',
    });
  });

  it('instrument and private channels count toward the subscription limit', async () => {
    w = await startWsWorld({}, { ws: { maxSubscriptions: 2 } });
    const client = await RawWs.open(w.running.wsUrl);
    sockets.push(client);
    const token = w.token();
    expect((await client.call('subscribe', { channel: 'instrument' }))[0]).toMatchObject({ success: true });
    expect((await client.call('subscribe', { channel: 'balances', token }))[0]).toMatchObject({
      success: true,
    });
    expect((await client.call('subscribe', { channel: 'executions', token }))[0]).toMatchObject({
      success: false,
      error: 'Exceeded max subscriptions',
    });
  });
});
