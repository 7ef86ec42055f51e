import { isValidatedOrder, type ValidatedOrder } from '@krakenkit/core';
import type { GuardIntent, OrderIntent } from '../intent.js';

/**
 * The intent as it goes into the audit trail. A withdrawal's API key by name and permissions only: TypeScript lets
 * a caller pass a whole key config (secret included) where a `{ name, permissions }` is expected; it stops here.
 * A validated order is written in the intent's own shape, so the trail reads the same however an order came.
 */
export function sanitizeIntent(intent: GuardIntent): GuardIntent {
  if (isValidatedOrder(intent)) return intentViewOf(intent);
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
