import {
  isValidatedOrder,
  isValidatedWsOrder,
  type ValidatedOrder,
  type ValidatedWsOrder,
} from '@krakenkit/core';
import type { GuardIntent, OrderIntent } from '../intent.js';

/**
 * The intent as it goes into the audit trail. A withdrawal's API key by name and permissions only: TypeScript lets
 * a caller pass a whole key config (secret included) where a `{ name, permissions }` is expected; it stops here.
 * A validated order is written in the intent's own shape, so the trail reads the same however an order came.
 */
export function sanitizeIntent(intent: GuardIntent): GuardIntent {
  if (isValidatedOrder(intent)) return intentViewOf(intent);
  if (isValidatedWsOrder(intent)) return wsIntentViewOf(intent);
  if (typeof intent !== 'object' || intent === null || !('kind' in intent) || intent.kind !== 'withdraw')
    return intent;
  const apiKey: unknown = intent.apiKey;
  if (typeof apiKey !== 'object' || apiKey === null) return intent;
  const { name, permissions } = apiKey as { name: string; permissions: unknown };
  return { ...intent, apiKey: { name, permissions: Array.isArray(permissions) ? [...permissions] : [] } };
}

function intentViewOf(order: ValidatedOrder): OrderIntent {
  const text = (value: ValidatedOrder['price']) => (typeof value === 'string' ? value : value?.toFixed());
  const price = text(order.price);
  const price2 = text(order.price2);
  return {
    pair: order.pair,
    side: order.type,
    orderType: order.ordertype,
    volume: order.volume.toFixed(),
    ...(price === undefined ? {} : { price }),
    ...(price2 === undefined ? {} : { price2 }),
    ...(order.leverage === undefined ? {} : { leverage: order.leverage }),
    ...(order.reduce_only === undefined ? {} : { reduceOnly: order.reduce_only }),
    postOnly: order.oflags?.includes('post') === true,
    ...(order.cl_ord_id === undefined ? {} : { clOrdId: order.cl_ord_id }),
  };
}

// The WebSocket order as wsOrderIntentOf writes one: trigger price first (price), then the limit (price2). An order
// sized in quote currency has no such shape (the guard refuses it): it is written as it is.
function wsIntentViewOf(order: ValidatedWsOrder): GuardIntent {
  if (order.order_qty === undefined) return order;
  const trigger = order.triggers?.price.toFixed();
  const limit = order.limit_price?.toFixed();
  const price = trigger ?? limit;
  const price2 = trigger === undefined ? undefined : limit;
  return {
    pair: order.symbol,
    side: order.side,
    orderType: order.order_type,
    volume: order.order_qty.toFixed(),
    ...(price === undefined ? {} : { price }),
    ...(price2 === undefined ? {} : { price2 }),
    ...(order.margin === undefined ? {} : { margin: order.margin }),
    ...(order.reduce_only === undefined ? {} : { reduceOnly: order.reduce_only }),
    ...(order.post_only === undefined ? {} : { postOnly: order.post_only }),
    ...(order.cl_ord_id === undefined ? {} : { clOrdId: order.cl_ord_id }),
  };
}
