/**
 * A reconcile replaces the guard's orders and positions with the exchange's: an open order's filled volume is its
 * `vol_exec`, and the positions its fills opened are in OpenPositions. A fill the snapshot already held but whose
 * report came after the reconcile (its execution id never seen) was counted again: the order's filled volume grew
 * twice and the position was opened twice, so the guard held a position larger than the real one (borrowing
 * allowance nothing used). A fill may now carry the order's whole executed volume as the exchange reports it
 * (`filledTotal`: WebSocket `cum_qty`, REST `vol_exec`): the part of it the order's filled volume already holds is
 * not added again, though it still counts in the PnL (a reconcile records none for the fills it finds).
 */
import { ValidationError } from '@krakenkit/client';
import type { ExecutionReport } from '@krakenkit/client/ws';
import { createGuard, type Guard, type GuardConfig, type GuardEvent } from '@krakenkit/guard';
import { type GuardableWsClient, guardEventsOf, guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT, fillView, ManualClock, marginOrder } from './support/guard-factory.js';
import { longOf, SharedWorld } from './support/shared-world.js';

const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } },
};

const unusedWs = {} as GuardableWsClient;

/** A guard whose bot `maker` has a resting margin buy of 1 BTC at 60,000, accepted as O-REST. */
function restingMarginBuy(): Guard {
  const guard = createGuard(RULES, EMPTY_ACCOUNT, { clock: new ManualClock().read });
  const bot = guard.forBot('maker');
  const placed = bot.reserve({ ...marginOrder('XBTUSD', 'buy', '1', '60000'), clOrdId: 'rest-1' });
  expect(placed.allowed).toBe(true);
  bot.apply({ type: 'order-accepted', ref: placed.ref ?? '', txid: 'O-REST' });
  return guard;
}

/** The exchange's view once `volExec` of O-REST has filled: the order with its vol_exec, and the position. */
function snapshotAt(volExec: string) {
  return {
    openOrders: {
      open: {
        'O-REST': {
          status: 'open',
          cl_ord_id: 'rest-1',
          descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '60000', leverage: '5:1' },
          vol: '1',
          vol_exec: volExec,
        },
      },
    },
    openPositions: {
      'TPOS-1': {
        ordertxid: 'O-REST',
        posstatus: 'open',
        pair: 'XXBTZUSD',
        time: 1767614400,
        type: 'buy',
        cost: String(Number(volExec) * 60_000),
        vol: volExec,
        vol_closed: '0',
      },
    },
  } as const;
}

/** The same margin buy, reconciled once 0.4 of it had filled (the guard never saw that fill's report). */
function reconciledAtPointFour(): Guard {
  const guard = restingMarginBuy();
  guard.reconcile(snapshotAt('0.4'));
  return guard;
}

type FillEvent = Extract<GuardEvent, { type: 'order-filled' }>;

const fill = (volume: string, extra: Partial<FillEvent> = {}): FillEvent => ({
  type: 'order-filled',
  order: 'O-REST',
  volume,
  price: '60000',
  fee: '10',
  ...extra,
});

/** The LIVE report of the 0.4 fill the snapshot holds, as the executions channel sends it. */
const LIVE: ExecutionReport = {
  exec_type: 'trade',
  order_id: 'O-REST',
  cl_ord_id: 'rest-1',
  exec_id: 'TEXEC1-AAAAA-BBBBBB',
  last_qty: '0.4',
  last_price: '60000',
  cum_qty: '0.4',
  order_status: 'partially_filled',
};

describe('a fill the reconcile already holds, reported after it', () => {
  it('leaves the order and the position as the snapshot has them, and counts in the PnL once', () => {
    const guard = reconciledAtPointFour();
    const before = fillView(guard);
    expect(before.positions).toEqual([['TPOS-1', '0.4', '24000']]);
    expect(before.orders).toEqual([['O-REST', '0.4']]);

    // Its PnL changed (the reconcile records none): the event changed the state.
    expect(guard.apply(fill('0.4', { execId: 'T-1', filledTotal: '0.4' }))).toBe(true);
    expect(fillView(guard)).toEqual({
      ...before,
      // 0.4 BTC bought at 60,000, marked at 61,000, less the 10 USD fee: as if the guard had counted it live.
      pnl: ['390', '390'],
    });
    // The execution id is noted: a repeat of it counts nothing, not even PnL.
    expect(guard.apply(fill('0.4', { execId: 'T-1', filledTotal: '0.4' }))).toBe(false);
    expect(fillView(guard).pnl).toEqual(['390', '390']);

    // Counted live instead, the same fill leaves the same position size and PnL.
    const live = restingMarginBuy();
    live.apply(fill('0.4', { execId: 'T-1', filledTotal: '0.4' }));
    expect(fillView(live)).toMatchObject({
      orders: [['O-REST', '0.4']],
      pool: before.pool,
      pnl: ['390', '390'],
    });
  });

  it('adds only the part past what the snapshot holds, when its filled total goes further', () => {
    const guard = reconciledAtPointFour();
    // 0.3 filled from 0.3 to 0.6: the snapshot's 0.4 holds 0.1 of it, 0.2 is new.
    expect(guard.apply(fill('0.3', { filledTotal: '0.6' }))).toBe(true);
    expect(fillView(guard)).toMatchObject({
      positions: [
        ['TPOS-1', '0.4', '24000'],
        ['O-REST', '0.2', '12000'],
      ],
      orders: [['O-REST', '0.6']],
      pool: '60000', // 36,000 in the positions, 24,000 still held by the order's unfilled 0.4
      // The whole 0.3 counts in the PnL: 0.3 × 1,000 − 10.
      pnl: ['290', '290'],
    });
    // A later fill wholly past the snapshot counts whole.
    expect(guard.apply(fill('0.4', { filledTotal: '1' }))).toBe(true);
    expect(guard.orders()).toEqual([]);
    expect(guard.positions().map((position) => position.volume)).toEqual(['0.4', '0.6']);
  });

  it('counts whole, as before, without a filled total: the guard cannot tell what the snapshot held', () => {
    const guard = reconciledAtPointFour();
    expect(guard.apply(fill('0.4', { execId: 'T-1' }))).toBe(true);
    expect(fillView(guard)).toMatchObject({
      positions: [
        ['TPOS-1', '0.4', '24000'],
        ['O-REST', '0.4', '24000'],
      ],
      orders: [['O-REST', '0.8']],
    });
  });

  it('is refused on a negative or non-numeric filled total, naming the field, before anything counts', () => {
    const guard = reconciledAtPointFour();
    const before = fillView(guard);
    for (const filledTotal of ['-0.4', 'lots']) {
      const applying = () => guard.apply(fill('0.4', { execId: 'T-1', filledTotal }));
      expect(applying).toThrow(ValidationError);
      expect(applying).toThrow(/filledTotal/);
    }
    expect(fillView(guard)).toEqual(before);
    // The id was not noted: the valid report still counts (in the PnL).
    expect(guard.apply(fill('0.4', { execId: 'T-1', filledTotal: '0.4' }))).toBe(true);
  });

  it('reaches the guard from a WebSocket execution report: cum_qty is the filled total', () => {
    expect(guardEventsOf(LIVE)).toEqual([
      {
        type: 'order-filled',
        order: 'O-REST',
        clOrdId: 'rest-1',
        volume: '0.4',
        price: '60000',
        execId: 'TEXEC1-AAAAA-BBBBBB',
        filledTotal: '0.4',
      },
    ]);
    const { cum_qty: _cumQty, ...withoutTotal } = LIVE;
    expect(guardEventsOf(withoutTotal)[0]).not.toHaveProperty('filledTotal');

    const guard = reconciledAtPointFour();
    const before = fillView(guard);
    expect(guardWsClient(unusedWs, guard).applyExecution(LIVE)).toBe(true);
    expect(fillView(guard)).toMatchObject({
      positions: before.positions,
      orders: before.orders,
      pool: before.pool,
    });
  });

  it('is journaled with its filled total and folds alike in every process sharing the journal', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const { ref } = await a.reserve(longOf(10, { clOrdId: 'a-1' })); // 0.2 BTC at 50,000
    await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'O-SHARED' });
    await a.reconcile({
      openOrders: {
        open: {
          'O-SHARED': {
            status: 'open',
            cl_ord_id: 'a-1',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
            vol: '0.2',
            vol_exec: '0.05',
          },
        },
      },
      openPositions: {
        'TPOS-S': {
          ordertxid: 'O-SHARED',
          posstatus: 'open',
          pair: 'XXBTZUSD',
          time: 1767614400,
          type: 'buy',
          cost: '2500',
          vol: '0.05',
          vol_closed: '0',
        },
      },
    });
    const held = { type: 'order-filled', order: 'O-SHARED', volume: '0.05', price: '50000' } as const;
    expect(await a.apply({ ...held, execId: 'T-S1', filledTotal: '0.050' })).toBe(true);
    expect(await a.apply({ ...held, execId: 'T-S2', filledTotal: '0.1' })).toBe(true);
    const late = await world.open('c');
    for (const guard of [a, b, late]) {
      await guard.sync();
      expect(guard.positions().map((position) => [position.id, position.volume])).toEqual([
        ['TPOS-S', '0.05'],
        ['O-SHARED', '0.05'],
      ]);
      expect(guard.orders()).toMatchObject([{ filled: '0.1' }]);
      expect(guard.exportState()).toBe(a.exportState());
    }
    const read = await world.store.readJournal(world.account, 'guard', 0);
    // As decimal text, read as apply reads it: every process folds the same number.
    expect(read.entries.map((entry) => entry.entry).join('\n')).toContain('"filledTotal":"0.05"');
  });
});

describe('a filled total after an EditOrder', () => {
  it('counts from the replacement order: its executed volume leaves out what the original had filled', () => {
    const guard = restingMarginBuy();
    guard.apply(fill('0.4', { filledTotal: '0.4' }));
    // EditOrder cancels the original (0.4 filled) and places a new order for the rest, whose vol_exec starts at 0.
    const edit = guard.reserve({
      kind: 'amend',
      orderId: 'O-REST',
      volume: '1',
      price: '59000',
      replace: true,
    });
    expect(edit.allowed).toBe(true);
    guard.apply({ type: 'amend-accepted', ref: edit.ref ?? '', txid: 'O-NEW' });
    expect(guard.apply({ ...fill('0.2', { filledTotal: '0.2' }), order: 'O-NEW' })).toBe(true);
    expect(guard.orders()).toMatchObject([{ txid: 'O-NEW', filled: '0.6' }]);
    expect(guard.positions().map((position) => position.volume)).toEqual(['0.4', '0.2']);
    // The exported state keeps it: an imported guard reads the replacement's totals alike.
    const copy = createGuard(RULES, undefined, { clock: new ManualClock().read });
    copy.importState(guard.exportState());
    for (const each of [guard, copy]) {
      expect(each.apply({ ...fill('0.1', { filledTotal: '0.3' }), order: 'O-NEW' })).toBe(true);
      expect(each.orders()).toMatchObject([{ filled: '0.7' }]);
    }
    expect(copy.exportState()).toBe(guard.exportState());
  });
});
