import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { SMALL_ALLOWANCES } from './support/margin.js';
import { call } from './support/signer.js';
import { RawWs, startWsWorld, type WsWorld, waitFor } from './support/ws-harness.js';

let w: WsWorld | undefined;
let raw: RawWs | undefined;
afterEach(async () => {
  raw?.close();
  await w?.running.close();
  w = raw = undefined;
});

const BELOW = { order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: 0.01, limit_price: 30000.0 };

describe('private channels need a GetWebSocketsToken token', () => {
  it('no token, an unknown token and a revoked key are refused; a valid token subscribes', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    const [none] = await raw.call('subscribe', { channel: 'executions' });
    expect(none).toMatchObject({ method: 'subscribe', success: false, error: 'EAPI:Invalid key' });
    const [unknown] = await raw.call('subscribe', { channel: 'balances', token: 'NOT-A-TOKEN' });
    expect(unknown).toMatchObject({ success: false, error: 'EAPI:Invalid key' });
    const [trade] = await raw.call('add_order', { ...BELOW, token: 'NOT-A-TOKEN' });
    expect(trade).toMatchObject({ method: 'add_order', success: false, error: 'EAPI:Invalid key' });
    const token = w.token();
    const [okAck] = await raw.call('subscribe', { channel: 'executions', token });
    expect(okAck).toMatchObject({ success: true, result: { channel: 'executions' } });
    expect(typeof okAck?.time_in).toBe('string');
    w.running.exchange.revokeKey(w.key.apiKey);
    const [revoked] = await raw.call('add_order', { ...BELOW, token });
    expect(revoked).toMatchObject({ success: false, error: 'EAPI:Invalid key' });
  });

  it('the invalid-token error string is configuration', async () => {
    w = await startWsWorld({}, { ws: { invalidTokenError: 'EAccount:Invalid token' } });
    raw = await RawWs.open(w.running.wsUrl);
    const [answer] = await raw.call('subscribe', { channel: 'executions', token: 'x' });
    expect(answer).toMatchObject({ success: false, error: 'EAccount:Invalid token' });
  });

  it('balances: a snapshot at the asset precision, then an update per ledger entry', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    await raw.call('subscribe', { channel: 'balances', token: w.token() });
    await raw.next((f) => f.channel === 'balances' && f.type === 'snapshot', 'balances snapshot');
    const text = raw.texts.find((t) => t.startsWith('{"channel":"balances","type":"snapshot"')) ?? '';
    expect(text).toContain('"asset":"USD","asset_class":"currency","balance":1000000.0000');
    expect(text).toContain('"asset":"BTC"');
    w.running.exchange.deposit('main', 'ZUSD', '25');
    const update = await raw.next((f) => f.channel === 'balances' && f.type === 'update', 'balances update');
    expect(update.data).toEqual([
      expect.objectContaining({
        asset: 'USD',
        amount: 25,
        balance: 1000025,
        type: 'deposit',
        wallet_type: 'spot',
      }),
    ]);
  });
});

describe('trading methods run on the same core as REST', () => {
  it('add_order → executions pending_new/new → amend_order → cancel_order → canceled', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    const token = w.token();
    await raw.call('subscribe', { channel: 'executions', token });
    const snapshot = await raw.next((f) => f.channel === 'executions' && f.type === 'snapshot', 'snapshot');
    expect(snapshot.data).toEqual([]);
    const [added] = await raw.call('add_order', { ...BELOW, cl_ord_id: 'ws-round-trip', token });
    expect(added).toMatchObject({
      method: 'add_order',
      success: true,
      result: { cl_ord_id: 'ws-round-trip' },
    });
    const orderId = (added?.result as { order_id: string } | undefined)?.order_id ?? '';
    expect(orderId).toMatch(/^O/);
    const account = w.running.exchange.account('main');
    expect(account.orders.get(orderId)?.status).toBe('open');
    const isNew = (f: Record<string, unknown>) =>
      f.channel === 'executions' && (f.data as Array<{ exec_type: string }>)[0]?.exec_type === 'new';
    const created = await raw.next(isNew, 'new execution');
    expect(created.data).toEqual([
      expect.objectContaining({ order_id: orderId, order_status: 'new', symbol: 'BTC/USD', order_qty: 0.01 }),
    ]);
    const createdText = raw.texts[raw.frames.indexOf(created)] ?? '';
    expect(createdText).toContain('"order_qty":0.01000000');
    expect(createdText).toContain('"limit_price":30000.0');

    const [amended] = await raw.call('amend_order', { order_id: orderId, order_qty: 0.02, token });
    expect(amended).toMatchObject({ success: true, result: { order_id: orderId } });
    expect(account.orders.get(orderId)?.volume.toString()).toBe('0.02');

    const [cancelled] = await raw.call('cancel_order', { order_id: [orderId, 'OUNKNOWN'], token }, 2);
    expect(raw.answers(cancelled?.req_id as number)).toEqual([
      expect.objectContaining({ success: true, result: expect.objectContaining({ order_id: orderId }) }),
      expect.objectContaining({ success: false, error: 'EOrder:Unknown order' }),
    ]);
    await raw.next(
      (f) =>
        f.channel === 'executions' && (f.data as Array<{ exec_type: string }>)[0]?.exec_type === 'canceled',
      'canceled execution',
    );
    const sequences = raw.frames.filter((f) => f.channel === 'executions').map((f) => f.sequence as number);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(w.running.exchange.internalErrors).toEqual([]);
  });

  it("refusals carry REST's exact strings: margin allowance, minimum, unknown field, permission", async () => {
    w = await startWsWorld({ balances: { ZUSD: '1000000', XXBT: '10' } }, { allowances: SMALL_ALLOWANCES });
    raw = await RawWs.open(w.running.wsUrl);
    const token = w.token();
    const margin = { ...BELOW, order_qty: 2, limit_price: 60000.0, margin: true, token };
    const [allowance] = await raw.call('add_order', margin);
    expect(allowance).toMatchObject({ success: false, error: 'EOrder:Margin allowance exceeded' });
    // The same order over REST (leverage 5, the pair's maximum that margin:true means) gets the same string.
    const rest = call(w.running.exchange, w.key, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '2',
      price: '60000.0',
      leverage: '5',
    });
    expect(rest.error).toEqual(['EOrder:Margin allowance exceeded']);
    const [minimum] = await raw.call('add_order', { ...BELOW, order_qty: 0.00001, token });
    expect(minimum).toMatchObject({ success: false, error: 'EOrder:Order minimum not met' });
    const [unknownField] = await raw.call('add_order', { ...BELOW, leverage: 5, token });
    expect(unknownField).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:leverage' });
    const [badQty] = await raw.call('add_order', { ...BELOW, order_qty: 'lots', token });
    expect(badQty).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:order_qty' });
  });

  it('a key without trading rights is refused with EGeneral:Permission denied', async () => {
    w = await startWsWorld({ permissions: ['websocket', 'funds_query'] } as never);
    raw = await RawWs.open(w.running.wsUrl);
    const [answer] = await raw.call('add_order', { ...BELOW, token: w.token() });
    expect(answer).toMatchObject({ success: false, error: 'EGeneral:Permission denied' });
  });

  it('WS and REST orders share the per-pair matching-engine counter', async () => {
    w = await startWsWorld({ tier: 'starter' }, { clock: new ManualClock() });
    raw = await RawWs.open(w.running.wsUrl);
    const token = w.token();
    const answers: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 30; i += 1) {
      const rest = call(w.running.exchange, w.key, 'AddOrder', {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        volume: '0.001',
        price: '30000.0',
      });
      expect(rest.error).toEqual([]);
    }
    for (let i = 0; i < 31; i += 1)
      answers.push(...(await raw.call('add_order', { ...BELOW, order_qty: 0.001, token })));
    expect(answers.slice(0, 30).every((a) => a.success === true)).toBe(true);
    expect(answers[30]).toMatchObject({ success: false, error: 'EOrder:Rate limit exceeded' });
    const [cancelAll] = await raw.call('cancel_all', { token });
    expect(cancelAll).toMatchObject({ success: true, result: { count: 60 } });
    const [after] = await raw.call('cancel_all_orders_after', { timeout: 60, token });
    expect(after).toMatchObject({ success: true, result: { currentTime: expect.any(String) } });
  });

  it('batch_add places several orders and reports them in request order', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    const order = { order_type: 'limit', side: 'buy', order_qty: 0.01 };
    const [answer] = await raw.call('batch_add', {
      symbol: 'BTC/USD',
      orders: [
        { ...order, limit_price: 30000.0, cl_ord_id: 'b-1' },
        { ...order, limit_price: 30001.0, cl_ord_id: 'b-2' },
      ],
      token: w.token(),
    });
    expect(answer).toMatchObject({ success: true });
    expect((answer?.result as Array<{ cl_ord_id: string }> | undefined)?.map((r) => r.cl_ord_id)).toEqual([
      'b-1',
      'b-2',
    ]);
    await waitFor(() => w!.running.exchange.account('main').open.size === 2, 'two open orders');
  });
});
