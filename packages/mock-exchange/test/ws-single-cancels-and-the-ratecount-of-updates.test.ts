import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { RawWs, startWsWorld, type WsWorld } from './support/ws-harness.js';

// Over the WebSocket: each id of a cancel_order is a single cancel (refused over the threshold by default), and
// executions updates carry the pair's counter as `ratecount` for a subscription made with `ratecounter: true`.

let w: WsWorld | undefined;
let raw: RawWs | undefined;
afterEach(async () => {
  raw?.close();
  await w?.running.close();
  w = raw = undefined;
});

const BELOW = { order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: 0.01, limit_price: 30000.0 };
const isUpdate = (f: Record<string, unknown>) => f.channel === 'executions' && f.type === 'update';

describe('executions updates and cancel_order against the matching-engine counter', () => {
  it('updates carry ratecount (the counter after the event); an id over the threshold is refused', async () => {
    w = await startWsWorld({ tier: 'starter' }, { clock: new ManualClock() });
    raw = await RawWs.open(w.running.wsUrl);
    const token = w.token();
    await raw.call('subscribe', { channel: 'executions', token, ratecounter: true });
    const ids: string[] = [];
    for (let i = 0; i < 53; i += 1) {
      const [added] = await raw.call('add_order', { ...BELOW, token });
      const result = added?.result as { order_id: string } | undefined;
      if (result === undefined) throw new Error('add_order answered without a result');
      ids.push(result.order_id);
    }
    const counts = raw.frames
      .filter(isUpdate)
      .map((f) => (f.data as Array<{ ratecount?: number }>)[0]?.ratecount);
    expect(counts.at(-1)).toBe(53);
    expect(counts.every((count) => typeof count === 'number')).toBe(true);
    // 53 + 8 > 60: the first id is refused; nothing was charged, so nothing else changes.
    const [refused] = await raw.call('cancel_order', { order_id: [ids[0]], token });
    expect(refused).toMatchObject({ success: false, error: 'EOrder:Rate limit exceeded' });
    expect(w.running.exchange.account('main').orders.get(ids[0]!)?.status).toBe('open');
    const before = raw.frames.length;
    const [accepted] = await raw.call('batch_cancel', { orders: [ids[0]], token });
    expect(accepted).toMatchObject({ success: true });
    const cancelled = await raw.next(isUpdate, 'canceled update', before);
    expect(cancelled.data).toEqual([expect.objectContaining({ exec_type: 'canceled', ratecount: 61 })]);
  });
});
