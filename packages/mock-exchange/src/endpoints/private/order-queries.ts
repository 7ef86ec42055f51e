import type { ExchangeContext } from '../../context.js';
import { invalidArgument } from '../../core/rejection.js';
import { consolidatedPositionsView } from '../../margin/consolidated-positions.js';
import { positionView } from '../../margin/position-view.js';
import type { Order } from '../../orders/order.js';
import { isOpen } from '../../orders/order.js';
import { ledgerView, orderView, tradeView } from '../../orders/views.js';
import type { Params } from '../params.js';
import { type PrivateEndpoint, privateEndpoint } from '../types.js';
import { page } from './history-window.js';

/** OpenOrders, ClosedOrders, QueryOrders, TradesHistory, QueryTrades, OpenPositions, Ledgers, QueryLedgers. */
export const orderQueryEndpoints: readonly PrivateEndpoint[] = [
  privateEndpoint('OpenOrders', ['trades_query_open'], 'rest', ({ account, params }) => {
    const orders = filterOrders([...account.openOrders()], params);
    return { open: viewMap(orders, params.bool('trades')) };
  }),

  privateEndpoint('ClosedOrders', ['trades_query_closed'], 'history', ({ account, params }) => {
    const closetime = params.optText('closetime') ?? 'both';
    if (!['open', 'close', 'both'].includes(closetime)) throw invalidArgument('closetime');
    const closed = filterOrders(
      [...account.orders.values()].filter((o) => !isOpen(o)),
      params,
    );
    const timeOf = (o: Order) => (closetime === 'open' ? o.openedAt : (o.closedAt ?? o.openedAt));
    const paged = page(closed, params, timeOf, (id) => account.orders.get(id)?.openedAt);
    return { closed: viewMap(paged.items, params.bool('trades')), count: paged.count };
  }),

  privateEndpoint(
    'QueryOrders',
    ['trades_query_open', 'trades_query_closed'],
    'rest',
    ({ account, params }) => {
      const ids = params.list('txid');
      if (ids.length === 0 || ids.length > 50) throw invalidArgument('txid');
      const orders = ids.map((id) => account.orders.get(id)).filter((o): o is Order => o !== undefined);
      return viewMap(filterOrders(orders, params), params.bool('trades'));
    },
  ),

  privateEndpoint(
    'TradesHistory',
    ['trades_query_open', 'trades_query_closed'],
    'history',
    ({ account, params }) => {
      const type = params.optText('type') ?? 'all';
      const trades = [...account.trades.values()].filter((t) => {
        if (type === 'all') return true;
        if (type === 'any position') return t.posstatus !== undefined;
        if (type === 'no position') return t.posstatus === undefined;
        if (type === 'closed position') return t.posstatus === 'closed';
        if (type === 'closing position') return t.posstatus === 'closing' || t.posstatus === 'closed';
        throw invalidArgument('type');
      });
      const paged = page(
        trades,
        params,
        (t) => t.time,
        (id) => account.trades.get(id)?.time,
      );
      return { trades: Object.fromEntries(paged.items.map((t) => [t.id, tradeView(t)])), count: paged.count };
    },
  ),

  privateEndpoint(
    'QueryTrades',
    ['trades_query_open', 'trades_query_closed'],
    'history',
    ({ account, params }) => {
      const ids = params.list('txid');
      if (ids.length === 0 || ids.length > 20) throw invalidArgument('txid');
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const trade = account.trades.get(id);
        if (trade !== undefined) out[id] = tradeView(trade);
      }
      return out;
    },
  ),

  privateEndpoint('OpenPositions', ['trades_query_open'], 'rest', ({ ctx, account, params }) => {
    const ids = params.list('txid');
    const docalcs = params.bool('docalcs');
    const consolidation = params.optText('consolidation');
    if (consolidation !== undefined && consolidation !== 'market') throw invalidArgument('consolidation');
    const positions = [...account.positions.values()].filter((p) => ids.length === 0 || ids.includes(p.id));
    if (consolidation === 'market') return consolidatedPositionsView(ctx, positions, docalcs);
    return Object.fromEntries(positions.map((p) => [p.id, positionView(ctx, p, docalcs)]));
  }),

  privateEndpoint('Ledgers', ['ledger_query'], 'history', ({ ctx, account, params }) => {
    const assets = ledgerAssets(ctx, params);
    const type = params.optText('type') ?? 'all';
    const entries = [...account.ledger.values()].filter(
      (e) => (assets.length === 0 || assets.includes(e.asset)) && (type === 'all' || e.type === type),
    );
    const paged = page(
      entries,
      params,
      (e) => e.time,
      (id) => account.ledger.get(id)?.time,
    );
    return {
      ledger: Object.fromEntries(paged.items.map((e) => [e.id, ledgerView(e, ctx.catalog)])),
      count: paged.count,
    };
  }),

  privateEndpoint('QueryLedgers', ['ledger_query'], 'history', ({ ctx, account, params }) => {
    const ids = params.list('id');
    if (ids.length === 0 || ids.length > 20) throw invalidArgument('id');
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const entry = account.ledger.get(id);
      if (entry !== undefined) out[id] = ledgerView(entry, ctx.catalog);
    }
    return out;
  }),
];

/** Ledgers `asset`: ids to keep, or none for every asset (`all` is Kraken's default, and clients send it as is). */
function ledgerAssets(ctx: ExchangeContext, params: Params): string[] {
  const names = params.list('asset');
  if (names.length === 1 && names[0]?.toLowerCase() === 'all') return [];
  return names.map((name) => ctx.catalog.asset(name).id);
}

function filterOrders(orders: Order[], params: Params): Order[] {
  const userref = params.optInt('userref');
  const clOrdId = params.optText('cl_ord_id');
  return orders.filter(
    (o) =>
      (userref === undefined || o.userref === userref) && (clOrdId === undefined || o.clOrdId === clOrdId),
  );
}

function viewMap(orders: readonly Order[], withTrades: boolean): Record<string, unknown> {
  return Object.fromEntries(orders.map((o) => [o.txid, orderView(o, withTrades)]));
}
