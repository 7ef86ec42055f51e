import type { Decimal } from '../core/decimal.js';
import type { Deadline } from './deadline.js';
import type { OrderDraft } from './draft.js';
import type { Order } from './order.js';
import type { OrderRequest, PriceSpec } from './order-request.js';
import type { Offset } from './trailing.js';

/** What may differ from the order when it is re-validated (amend, edit, execution-time checks). */
export interface OrderOverrides {
  volume?: Decimal;
  price?: Decimal | undefined;
  price2?: Decimal | undefined;
  deadline?: Deadline | undefined;
}

/**
 * An existing order restated as an AddOrder request, so it can go through the same rules again. A trailing order is
 * restated with its offsets (what it was sent with), not the prices they imply now.
 */
export function requestFromOrder(order: Order, overrides: OrderOverrides = {}): OrderRequest {
  const price = 'price' in overrides ? overrides.price : order.price;
  const price2 = 'price2' in overrides ? overrides.price2 : order.price2;
  const terms = order.trail?.terms;
  return {
    pairName: order.pair.id,
    ordertype: order.ordertype,
    side: order.side,
    volume: overrides.volume ?? order.volume,
    price: terms === undefined ? absolute(price) : relative(terms.offset),
    price2: terms === undefined ? absolute(price2) : relative(terms.limitOffset),
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

function absolute(value: Decimal | undefined): PriceSpec | undefined {
  return value === undefined ? undefined : { kind: 'absolute', value };
}

function relative(offset: Offset | undefined): PriceSpec | undefined {
  return offset === undefined ? undefined : { kind: 'relative', ...offset };
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
