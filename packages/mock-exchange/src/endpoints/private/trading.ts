import type { Decimal } from '../../core/decimal.js';
import { invalidArgument } from '../../core/rejection.js';
import { amendOrder } from '../../orders/amend.js';
import { placeBatch } from '../../orders/batch.js';
import {
  cancelAll,
  cancelByReference,
  cancelOrders,
  findOpenOrders,
  setDeadMansSwitch,
} from '../../orders/cancellation.js';
import { parseDeadline, REST_DEADLINE_MIN_LEAD_MS } from '../../orders/deadline.js';
import { describeClose, describeOrder } from '../../orders/descr.js';
import type { OrderDraft } from '../../orders/draft.js';
import { editOrder } from '../../orders/edit.js';
import type { Order } from '../../orders/order.js';
import { parseOflags, parseOrderRequest } from '../../orders/order-request.js';
import { placeOrder } from '../../orders/placement.js';
import type { Params } from '../params.js';
import { type PrivateEndpoint, privateEndpoint } from '../types.js';

const MODIFY = ['trades_modify'] as const;
const MODIFY_OR_CLOSE = ['trades_modify', 'trades_close'] as const;
const CLOSE = ['trades_close'] as const;

/** AddOrder, AddOrderBatch, AmendOrder, EditOrder, CancelOrder, CancelAll, CancelAllOrdersAfter, CancelOrderBatch. */
export const tradingEndpoints: readonly PrivateEndpoint[] = [
  privateEndpoint('AddOrder', MODIFY, 'trading', ({ ctx, account, params, now }) => {
    const { draft, order } = placeOrder(ctx, account, parseOrderRequest(params, undefined), now);
    return order === undefined ? { descr: descrOf(draft) } : { descr: descrOf(draft), txid: [order.txid] };
  }),

  privateEndpoint('AddOrderBatch', MODIFY, 'trading', ({ ctx, account, params, now }) => {
    const pairName = params.text('pair');
    const validate = params.bool('validate');
    const requests = params.objects('orders').map((item) => parseOrderRequest(item, pairName, validate));
    for (const request of requests)
      request.deadline ??= parseDeadline(params.optText('deadline'), REST_DEADLINE_MIN_LEAD_MS);
    const results = placeBatch(ctx, account, pairName, requests, validate, now);
    return {
      orders: results.map((r) => {
        if ('error' in r) return { error: r.error };
        return r.order === undefined
          ? { descr: descrOf(r.draft) }
          : { txid: r.order.txid, descr: descrOf(r.draft) };
      }),
    };
  }),

  privateEndpoint('AmendOrder', MODIFY_OR_CLOSE, 'trading', ({ ctx, account, params, now }) => {
    const txid = params.optText('txid');
    const clOrdId = params.optText('cl_ord_id');
    if ((txid === undefined) === (clOrdId === undefined))
      throw invalidArgument('txid', 'give txid or cl_ord_id');
    return amendOrder(
      ctx,
      account,
      {
        txid,
        clOrdId,
        orderQty: params.optDecimal('order_qty'),
        limitPrice: params.optDecimal('limit_price'),
        triggerPrice: params.optDecimal('trigger_price'),
        postOnly: params.bool('post_only'),
        deadline: parseDeadline(params.optText('deadline'), REST_DEADLINE_MIN_LEAD_MS),
      },
      now,
    );
  }),

  privateEndpoint('EditOrder', MODIFY, 'trading', ({ ctx, account, params, now }) => {
    const pair = ctx.catalog.pair(params.text('pair'));
    const edit = { txid: params.text('txid'), pair, ...parseEditFields(params) };
    const { original, replacement, draft } = editOrder(ctx, account, edit, now);
    const px = (v: Decimal | undefined) => v?.toFixed(pair.pairDecimals) ?? '0';
    const result: Record<string, unknown> = {
      status: 'ok',
      descr: descrOf(draft),
      volume: draft.volume.toFixed(pair.lotDecimals),
      price: px(draft.price),
      price2: px(draft.price2),
      orders_cancelled: replacement === undefined ? 0 : 1,
      originaltxid: original.txid,
    };
    if (replacement !== undefined) result['txid'] = replacement.txid;
    if (original.userref !== null) result['olduserref'] = original.userref;
    if (replacement !== undefined && replacement.userref !== null) result['newuserref'] = replacement.userref;
    return result;
  }),

  privateEndpoint('CancelOrder', MODIFY_OR_CLOSE, 'trading', ({ ctx, account, params, now }) => {
    const clOrdId = params.optText('cl_ord_id');
    const ref = clOrdId !== undefined ? { clOrdId } : { txid: params.text('txid') };
    return { count: cancelByReference(ctx, account, ref, now), pending: false };
  }),

  privateEndpoint('CancelAll', CLOSE, 'trading', ({ ctx, account, now }) => ({
    count: cancelAll(ctx, account, now),
    pending: false,
  })),

  privateEndpoint('CancelAllOrdersAfter', CLOSE, 'trading', ({ ctx, account, params, now }) => {
    const timeout = params.optInt('timeout', { min: 0, max: 86_399 });
    if (timeout === undefined) throw invalidArgument('timeout', 'required');
    return setDeadMansSwitch(ctx, account, timeout, now);
  }),

  privateEndpoint('CancelOrderBatch', CLOSE, 'trading', ({ ctx, account, params, now }) => {
    const refs = unique([
      ...params.list('orders').map((txid) => ({ txid })),
      ...params.list('cl_ord_ids').map((clOrdId) => ({ clOrdId })),
    ]);
    if (refs.length === 0 || refs.length > 50) throw invalidArgument('orders', '1 to 50 unique ids');
    const orders = new Set<Order>();
    for (const ref of refs) for (const order of findOpenOrders(account, ref)) orders.add(order);
    return { count: cancelOrders(ctx, account, [...orders], now) };
  }),
];

/** AddOrder `descr`: `{ order }`, plus `close` when the order has conditional close terms. */
function descrOf(draft: OrderDraft): { order: string; close?: string } {
  const order = describeOrder({
    pair: draft.pair,
    side: draft.request.side,
    ordertype: draft.request.ordertype,
    volume: draft.volume,
    price: draft.price,
    price2: draft.price2,
    leverage: draft.request.leverage,
    trail: draft.trail,
  });
  const close = describeClose(draft.pair, draft.request.close);
  return close === '' ? { order } : { order, close };
}

function parseEditFields(params: Params) {
  const price = params.optDecimal('price');
  const price2 = params.optDecimal('price2');
  const oflags = params.has('oflags') ? parseOflags(params.list('oflags')) : undefined;
  return {
    volume: params.optDecimal('volume'),
    price: price === undefined ? undefined : ({ kind: 'absolute', value: price } as const),
    price2: price2 === undefined ? undefined : ({ kind: 'absolute', value: price2 } as const),
    oflags,
    newUserref: params.optInt('userref', { min: -2147483648, max: 2147483647 }),
    validate: params.bool('validate'),
    deadline: parseDeadline(params.optText('deadline'), REST_DEADLINE_MIN_LEAD_MS),
  };
}

function unique(
  refs: Array<{ txid?: string; clOrdId?: string }>,
): Array<{ txid?: string; clOrdId?: string }> {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = ref.txid !== undefined ? `t:${ref.txid}` : `c:${ref.clOrdId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
