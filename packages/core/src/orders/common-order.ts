import { toBool, toPair } from '../params/basic-fields.js';
import { toClOrdId, toOrderFlags, toUserref } from '../params/order-fields.js';
import { checkedFlags, PRICE_READERS, readOrderType, readPositive, readSide } from './order-rules.js';
import type { ValidatedOrderFields } from './validated-order.js';

/**
 * The order most bots send, read without the general field-by-field builder: a limit or market order whose
 * fields are among pair, type, ordertype, price, volume, cl_ord_id, userref, oflags and validate, each as text
 * (userref a number or text, validate a boolean; oflags as comma-separated text). Through real sockets every distinct piece of code an order runs costs
 * (docs/decisions/0016-common-orders-skip-the-general-builder.md), and the general builder asks for each of the
 * 22 fields an order may have.
 *
 * It is the general rules specialised to these fields, not a second set: the same converters and field names, in
 * the same order, so an order gets the very answer `parseOrder`'s general path gives, its first error included
 * (a property test holds the two to that). Whatever else it meets (another field or order type, a Decimal, a
 * missing field, a value of another type, cl_ord_id and userref together) it leaves to the general path by
 * answering undefined, before converting anything.
 */
export function readCommonOrder(params: Readonly<Record<string, unknown>>): ValidatedOrderFields | undefined {
  if (!hasOnlyCommonFields(params)) return undefined;
  const { pair, type, ordertype, price, volume, cl_ord_id: clOrdId, userref, oflags, validate } = params;
  if (typeof pair !== 'string' || typeof type !== 'string' || typeof volume !== 'string') return undefined;
  if (ordertype === 'limit') {
    if (typeof price !== 'string') return undefined;
  } else if (ordertype !== 'market' || price !== undefined) return undefined;
  if (clOrdId !== undefined && (userref !== undefined || typeof clOrdId !== 'string')) return undefined;
  if (userref !== undefined && typeof userref !== 'number' && typeof userref !== 'string') return undefined;
  if (validate !== undefined && typeof validate !== 'boolean') return undefined;
  if (oflags !== undefined && typeof oflags !== 'string') return undefined;
  // The general path's order: pair, ordertype, type, price, volume, userref, cl_ord_id, oflags, validate.
  const order: Record<string, unknown> = {};
  const pairName = toPair('AddOrder.pair', pair);
  const orderType = readOrderType('AddOrder.ordertype', ordertype);
  const side = readSide('AddOrder.type', type);
  const limitPrice = price === undefined ? undefined : PRICE_READERS.relative('AddOrder.price', price);
  const amount = readPositive('AddOrder.volume', volume);
  const reference = userref === undefined ? undefined : toUserref('AddOrder.userref', userref);
  const clientId = clOrdId === undefined ? undefined : toClOrdId('AddOrder.cl_ord_id', clOrdId);
  const flags =
    oflags === undefined
      ? undefined
      : checkedFlags('AddOrder.oflags', toOrderFlags('AddOrder.oflags', oflags), orderType, side, undefined);
  // Keys in code-point order, as the general path's sorted wire has them.
  if (clientId !== undefined) order['cl_ord_id'] = clientId;
  if (flags !== undefined) order['oflags'] = flags;
  order['ordertype'] = orderType;
  order['pair'] = pairName;
  if (limitPrice !== undefined) order['price'] = limitPrice;
  order['type'] = side;
  if (reference !== undefined) order['userref'] = reference;
  if (validate !== undefined) order['validate'] = toBool('AddOrder.validate', validate);
  order['volume'] = amount;
  return order as unknown as ValidatedOrderFields;
}

/** Whether every field given is one the common shape reads. */
function hasOnlyCommonFields(params: Readonly<Record<string, unknown>>): boolean {
  for (const key in params) {
    switch (key) {
      case 'pair':
      case 'type':
      case 'ordertype':
      case 'price':
      case 'volume':
      case 'cl_ord_id':
      case 'userref':
      case 'oflags':
      case 'validate':
        continue;
      default:
        return false;
    }
  }
  return true;
}
