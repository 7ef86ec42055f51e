/**
 * Kraken's executions channel sends the account's last fills again as a snapshot on every (re)subscription, so
 * after a reconnect the guarded WebSocket client reported fills it had already counted. A fill carried no
 * execution id, so while the repeats fit within the order's volume each one counted again: a position larger than
 * the real one (borrowing the allowance nothing used) and a wrong PnL. A fill now carries its execution id, and
 * one already counted is not counted again; the ids remembered are bounded, exported with the state and folded
 * alike by every process sharing a journal.
 */
import type { ExecutionReport } from '@krakenkit/client/ws';
import { createGuard, type Guard, type GuardConfig, type GuardEvent } from '@krakenkit/guard';
import { type GuardableWsClient, guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { EXEC_IDS_KEEP_COUNT } from '../src/state/exec-ids.js';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT, fillView, ManualClock } from './support/guard-factory.js';
import { longOf, SharedWorld, usdUsed } from './support/shared-world.js';

const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } },
};

const unusedWs = {} as GuardableWsClient;

/** A guard whose bot `maker` has a resting margin buy of 1 BTC at 60,000, accepted as O-REST. */
function restingMarginBuy(volume = '1'): Guard {
  const clock = new ManualClock();
  const guard = createGuard(RULES, EMPTY_ACCOUNT, { clock: clock.read });
  const bot = guard.forBot('maker');
  const placed = bot.reserve({
    pair: 'XBTUSD',
    side: 'buy',
    orderType: 'limit',
    volume,
    price: '60000',
    leverage: '5',
    clOrdId: 'rest-1',
  });
  expect(placed.allowed).toBe(true);
  bot.apply({ type: 'order-accepted', ref: placed.ref ?? '', txid: 'O-REST' });
  return guard;
}

/** The live report of a fill of 0.4 BTC at 60,000, as the executions channel sends it. */
const LIVE: ExecutionReport = {
  exec_type: 'trade',
  order_id: 'O-REST',
  cl_ord_id: 'rest-1',
  exec_id: 'TEXEC1-AAAAA-BBBBBB',
  trade_id: 4_242,
  last_qty: '0.4',
  last_price: '60000',
  cum_qty: '0.4',
  order_status: 'partially_filled',
};

/** The same fill in the snapshot sent after a reconnect (`snap_trades`): the same execution, seen again. */
const SNAPSHOT_REPEAT: ExecutionReport = { ...LIVE, timestamp: '2026-01-05T12:00:00.000000Z' };

const filled = (execId?: string, volume = '0.1'): GuardEvent => ({
  type: 'order-filled',
  order: 'O-REST',
  volume,
  price: '60000',
  ...(execId === undefined ? {} : { execId }),
});

describe('a fill reported twice with its execution id', () => {
  it('counts once through the guarded WebSocket client: position and PnL are those of one fill', () => {
    const once = restingMarginBuy();
    const twice = restingMarginBuy();
    const trading = guardWsClient(unusedWs, twice);
    expect(guardWsClient(unusedWs, once).applyExecution(LIVE)).toBe(true);
    expect(trading.applyExecution(LIVE)).toBe(true);
    expect(trading.applyExecution(SNAPSHOT_REPEAT)).toBe(false); // the reconnect's snapshot repeats it
    expect(trading.applyExecution(LIVE)).toBe(false);

    expect(fillView(twice)).toEqual({
      positions: [['O-REST', '0.4', '24000']],
      orders: [['O-REST', '0.4']],
      pool: '60000', // 24,000 in the position and 36,000 still held by the order's unfilled 0.6
      // 0.4 BTC bought at 60,000 and marked at 61,000.
      pnl: ['400', '400'],
    });
    expect(fillView(twice)).toEqual(fillView(once));
    expect(twice.exportState()).toBe(once.exportState());
  });

  it('counts once when the exchange gives only a trade id: it names the execution within its order', () => {
    const guard = restingMarginBuy();
    const trading = guardWsClient(unusedWs, guard);
    const { exec_id: _execId, ...byTradeId } = LIVE;
    expect(trading.applyExecution(byTradeId)).toBe(true);
    expect(trading.applyExecution(byTradeId)).toBe(false);
    // Another trade of the same order is another fill (the order's executed volume grows with it).
    expect(trading.applyExecution({ ...byTradeId, trade_id: 4_243, last_qty: '0.1', cum_qty: '0.5' })).toBe(
      true,
    );
    expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.5' })]);
  });

  it('counts each different execution id, and a fill without one as before (every report)', () => {
    const guard = restingMarginBuy();
    expect(guard.apply(filled('T-1'))).toBe(true);
    expect(guard.apply(filled('T-2'))).toBe(true); // another execution of the same order
    expect(guard.apply(filled('T-1'))).toBe(false);
    expect(guard.apply(filled('T-2'))).toBe(false);
    expect(guard.apply(filled())).toBe(true); // no id: the guard cannot tell a repeat, so it counts
    expect(guard.apply(filled())).toBe(true);
    expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
    expect(guard.orders()).toEqual([expect.objectContaining({ filled: '0.4' })]);
  });

  it('is refused on an id that is not text of 1 to 128 characters, before anything counts', () => {
    const guard = restingMarginBuy();
    expect(() => guard.apply(filled(''))).toThrow(/execId/);
    expect(() => guard.apply(filled('x'.repeat(129)))).toThrow(/execId/);
    expect(guard.positions()).toEqual([]);
  });

  it(`remembers the last ${EXEC_IDS_KEEP_COUNT} ids counted, oldest forgotten first`, () => {
    const guard = restingMarginBuy();
    const tiny = (id: string) => filled(id, '0.0001');
    for (let i = 0; i <= EXEC_IDS_KEEP_COUNT; i += 1) expect(guard.apply(tiny(`T-${i}`))).toBe(true);
    const exported = JSON.parse(guard.exportState()) as { execIds: string[] };
    expect(exported.execIds).toHaveLength(EXEC_IDS_KEEP_COUNT);
    expect(exported.execIds[0]).toBe('T-1');
    expect(guard.apply(tiny('T-1'))).toBe(false);
    expect(guard.apply(tiny(`T-${EXEC_IDS_KEEP_COUNT}`))).toBe(false);
    expect(guard.apply(tiny('T-0'))).toBe(true); // forgotten: a repeat this old is no longer told apart

    // An export holding more than the bound is refused.
    const over = { ...exported, execIds: [...exported.execIds, 'T-X'] };
    expect(() => restingMarginBuy().importState(JSON.stringify(over))).toThrow(/state\.execIds/);
  });
});

describe('the execution ids counted', () => {
  it('survive exportState → importState: the imported guard refuses the repeat alike', () => {
    const guard = restingMarginBuy();
    guardWsClient(unusedWs, guard).applyExecution(LIVE);
    const text = guard.exportState();
    expect(JSON.parse(text)).toMatchObject({ execIds: ['TEXEC1-AAAAA-BBBBBB'] });
    const copy = createGuard(RULES, undefined, { clock: new ManualClock().read });
    copy.importState(text);
    expect(copy.exportState()).toBe(text);
    for (const each of [guard, copy]) {
      expect(guardWsClient(unusedWs, each).applyExecution(SNAPSHOT_REPEAT)).toBe(false);
      expect(each.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
    }
    expect(copy.exportState()).toBe(guard.exportState());
  });

  it('are absent from a state that never counted one, and an older export without them still imports', () => {
    const guard = restingMarginBuy();
    expect(guard.exportState()).not.toContain('execIds');
    guardWsClient(unusedWs, guard).applyExecution(LIVE);
    const { execIds, ...older } = JSON.parse(guard.exportState()) as Record<string, unknown>;
    expect(execIds).toEqual(['TEXEC1-AAAAA-BBBBBB']);
    const copy = createGuard(RULES, undefined, { clock: new ManualClock().read });
    copy.importState(JSON.stringify(older));
    expect(copy.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
    // It knows no ids: a fill counts from here on, and is then told apart.
    expect(copy.apply(filled('T-NEXT'))).toBe(true);
    expect(copy.apply(filled('T-NEXT'))).toBe(false);
  });

  it('fold alike in every process sharing the journal, compacted or not, and across a restart', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair({ compactEvery: 4 });
    const { ref } = await a.reserve(longOf(10)); // 0.2 BTC at 50,000: 10,000 USD
    await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'O-SHARED' });
    const { cl_ord_id: _clOrdId, ...named } = LIVE;
    const report: ExecutionReport = { ...named, order_id: 'O-SHARED', last_qty: '0.05', last_price: '50000' };
    expect(await guardWsClient(unusedWs, a).applyExecution(report)).toBe(true);
    // a's reconnect snapshot repeats it; b, following the same channel, reports it too.
    expect(await guardWsClient(unusedWs, a).applyExecution(report)).toBe(false);
    expect(await guardWsClient(unusedWs, b).applyExecution(report)).toBe(false);

    // a restarts under the same instance (from the compacted journal) and its new subscription repeats the fill.
    const restarted = await world.open('a', { compactEvery: 4 });
    const read = await world.store.readJournal(world.account, 'guard', 0);
    expect(read.snapshot?.state).toContain('"execIds"');
    expect(await guardWsClient(unusedWs, restarted).applyExecution(report)).toBe(false);
    const late = await world.open('c', { compactEvery: 4 });

    for (const guard of [a, b, restarted, late]) {
      await guard.sync();
      expect(guard.positions()).toEqual([
        expect.objectContaining({ id: 'O-SHARED', volume: '0.05', cost: '2500' }),
      ]);
      expect(usdUsed(guard)).toBe(10_000); // 2,500 in the position, 7,500 held by the order's unfilled rest
      expect(guard.exportState()).toBe(a.exportState());
    }
    // Another execution of the order counts, once, for every process.
    const second = { ...report, exec_id: 'TEXEC2-AAAAA-BBBBBB' };
    expect(await guardWsClient(unusedWs, restarted).applyExecution(second)).toBe(true);
    expect(await guardWsClient(unusedWs, restarted).applyExecution(second)).toBe(false);
    for (const guard of [a, b, late]) {
      await guard.sync();
      expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-SHARED', volume: '0.1' })]);
      expect(guard.exportState()).toBe(restarted.exportState());
    }
  });
});
