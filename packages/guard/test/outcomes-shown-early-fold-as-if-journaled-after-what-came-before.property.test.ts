import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardCore } from '../src/engine/guard-core.js';
import { compileGuard } from '../src/guard-build.js';
import type { OrderIntent } from '../src/intent.js';
import { PendingOutcomes } from '../src/shared/pending-outcomes.js';
import type { OrderOutcome } from '../src/state/events.js';
import { ASSET_PAIRS } from './support/asset-pairs.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const { compiled, pairs } = compileGuard({
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000000', fiat: true, aliases: ['ZUSD'] } },
});

/** An order of process `instance` (a: this one, b: another), with or without a client order id. */
const order = fc.record({
  instance: fc.constantFrom('a', 'b'),
  side: fc.constantFrom('buy', 'sell'),
  units: fc.integer({ min: 1, max: 9 }),
  clOrdId: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: undefined }),
});
/** An answer naming one of the orders (or none), accepted with a txid that may repeat, or rejected. */
const outcome = fc.record({
  at: fc.nat(),
  accepted: fc.boolean(),
  txid: fc.option(fc.constantFrom('T1', 'T2', 'T3'), { nil: undefined }),
});
/** What the journal holds before the outcomes: another order, the exchange's view, or an answer of b's. */
const change = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), order }),
  fc.record({ kind: fc.constant('reconcile' as const), expired: fc.boolean() }),
  fc.record({ kind: fc.constant('answer' as const), outcome }),
);

type Order = { instance: string; side: 'buy' | 'sell'; units: number; clOrdId: string | undefined };
type Outcome = { at: number; accepted: boolean; txid: string | undefined };
type Change =
  | { kind: 'reserve'; order: Order }
  | { kind: 'reconcile'; expired: boolean }
  | { kind: 'answer'; outcome: Outcome };

function coreWith(orders: readonly Order[]): GuardCore {
  const core = new GuardCore(compiled, pairs, { leaseMs: 60_000, unseededAllowed: true });
  core.setReferencePrice('XBTUSD', '50000', T0);
  for (const placed of orders) reserve(core, placed);
  return core;
}

function reserve(core: GuardCore, placed: Order): void {
  const intent: OrderIntent = {
    pair: 'XBTUSD',
    side: placed.side,
    orderType: 'limit',
    volume: (placed.units / 100).toFixed(2),
    price: '50000',
    leverage: '5',
    ...(placed.clOrdId === undefined ? {} : { clOrdId: placed.clOrdId }),
  };
  const { record } = core.plan(intent, T0, { instance: placed.instance });
  if (record !== undefined) core.applyRecord(record);
}

function eventOf(core: GuardCore, answer: Outcome): OrderOutcome {
  const refs = [...core.state.orders.all()].map((tracked) => tracked.ref);
  const ref = refs.length === 0 ? 'a.R99' : (refs[answer.at % refs.length] as string);
  if (!answer.accepted) return { type: 'order-rejected', ref };
  return answer.txid === undefined
    ? { type: 'order-accepted', ref }
    : { type: 'order-accepted', ref, txid: answer.txid };
}

/** Applies a change the journal holds (another process's, or an earlier one of this process's). */
function apply(core: GuardCore, journaled: Change): void {
  if (journaled.kind === 'reserve') reserve(core, journaled.order);
  else if (journaled.kind === 'answer') core.applyEvent(eventOf(core, journaled.outcome), T0, 'b');
  else {
    // The exchange shows none of the orders: in-flight ones stay while their lease lasts.
    const at = T0 + (journaled.expired ? 60_000 : 1);
    core.reconcile({ openOrders: { open: {} }, openPositions: {} }, at, {});
  }
}

/** The state as text, and which order each name (ref, txid, client order id) finds. */
function view(core: GuardCore) {
  const names = new Set<string>();
  for (const tracked of core.state.orders.all())
    for (const name of [tracked.ref, tracked.txid, tracked.clOrdId]) if (name !== undefined) names.add(name);
  for (const name of ['T1', 'T2', 'T3', 'c1', 'c2', 'c3']) names.add(name);
  const found = [...names].sort().map((name) => [name, core.state.orders.find(name)?.ref]);
  return {
    state: core.exportState(),
    found,
    pools: [...core.state.exposure.pools()].map(([c, u]) => [c, u.total.toFixed()]),
  };
}

describe('order answers a shared guard shows before its journal holds them', () => {
  it('fold, with what the journal holds before them applied beneath, exactly as if applied in journal order', () => {
    fc.assert(
      fc.property(
        fc.array(order, { maxLength: 8 }),
        fc.array(outcome, { maxLength: 6 }),
        fc.array(change, { maxLength: 3 }),
        (orders, outcomes, changes: Change[]) => {
          const shown = coreWith(orders);
          const inOrder = coreWith(orders);
          const pending = new PendingOutcomes(shown, 'a');
          const events = outcomes.map((answer) => eventOf(shown, answer));
          const before = view(shown);
          for (const event of events) pending.add(event, T0);
          // Taken back, the state is the journal's fold without them, down to the order of the books.
          expect(pending.beneath(() => view(shown))).toEqual(before);
          for (const journaled of changes) pending.beneath(() => apply(shown, journaled));
          for (const journaled of changes) apply(inOrder, journaled);
          for (const event of events) inOrder.applyEvent(event, T0, 'a');
          expect(view(shown)).toEqual(view(inOrder));
        },
      ),
    );
  });
});
