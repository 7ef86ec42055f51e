import type { Decimal } from '../core/decimal.js';
import type { OrderDraft } from './draft.js';
import type { Order } from './order.js';
import type { OrderRequest } from './order-request.js';

/** What may differ from the order when it is re-validated (amend, edit, execution-time checks). */
export interface OrderOverrides {
  volume?: Decimal;
  price?: Decimal | undefined;
  price2?: Decimal | undefined;
  deadline?: number | undefined;
}

/** An existing order restated as an AddOrder request, so it can go through the same rules again. */
export function requestFromOrder(order: Order, overrides: OrderOverrides = {}): OrderRequest {
  const price = 'price' in overrides ? overrides.price : order.price;
  const price2 = 'price2' in overrides ? overrides.price2 : order.price2;
  return {
    pairName: order.pair.id,
    ordertype: order.ordertype,
    side: order.side,
    volume: overrides.volume ?? order.volume,
    price: price === undefined ? undefined : { kind: 'absolute', value: price },
    price2: price2 === undefined ? undefined : { kind: 'absolute', value: price2 },
    leverage: order.leverage,
    reduceOnly: order.reduceOnly,
    oflags: [...order.oflags],
    timeInForce: 'GTC',
    expiretm: { kind: 'none' },
    trigger: order.trigger,
    userref: order.userref,
    clOrdId: order.clOrdId,
    validate: false,
    close: undefined,
    deadline: overrides.deadline,
  };
}

/** A draft for the order's remaining volume at its own prices (no market re-pricing). */
export function draftFromOrder(order: Order, volume: Decimal): OrderDraft {
  return {
    request: requestFromOrder(order, { volume }),
    pair: order.pair,
    volume,
    price: order.price,
    price2: order.price2,
    referencePrice: order.referencePrice,
  };
}
