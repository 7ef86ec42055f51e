import type { Account } from '../accounts/account.js';
import type { ApiKeyState } from '../accounts/api-key.js';
import type { PermissionFlag } from '../auth/permissions.js';
import type { ExchangeContext } from '../context.js';
import { Decimal } from '../core/decimal.js';
import { E, invalidArgument, isKrakenRejection, KrakenRejection } from '../core/rejection.js';
import { amendOrder } from '../orders/amend.js';
import { placeBatch } from '../orders/batch.js';
import {
  cancelAll,
  cancelOrders,
  findOpenOrders,
  setDeadMansSwitch,
  USER_CANCEL_REASON,
} from '../orders/cancellation.js';
import { parseDeadline, WS_DEADLINE_MIN_LEAD_MS } from '../orders/deadline.js';
import { editOrder } from '../orders/edit.js';
import { isTriggerType, type Order } from '../orders/order.js';
import { placeOrder } from '../orders/placement.js';
import { decimalText, orderRequestOf, v2ErrorCode, withV2Field } from './order-params.js';

/**
 * The v2 trading methods on the exchange's own services (the same functions REST's AddOrder, AmendOrder,
 * CancelOrder... call): same validation, same error strings, same per-pair matching-engine counter.
 */

export type MethodAnswer = { success: true; result: unknown } | { success: false; error: string };

export interface TradingCall {
  ctx: ExchangeContext;
  account: Account;
  key: ApiKeyState;
  params: Readonly<Record<string, unknown>>;
  now: number;
}

interface TradingMethod {
  /** Any one of these key permissions allows the call (as the REST endpoints). */
  permissions: readonly PermissionFlag[];
  /** One answer, or one per order (cancel_order). */
  handle(call: TradingCall): MethodAnswer[];
}

const MODIFY = ['trades_modify'] as const;
const MODIFY_OR_CLOSE = ['trades_modify', 'trades_close'] as const;
const CLOSE = ['trades_close'] as const;

const ok = (result: unknown): MethodAnswer[] => [{ success: true, result }];

function ids(order: Order): Record<string, unknown> {
  return {
    order_id: order.txid,
    ...(order.clOrdId === null ? {} : { cl_ord_id: order.clOrdId }),
    ...(order.userref === null ? {} : { order_userref: order.userref }),
  };
}

function optionalDecimal(params: TradingCall['params'], field: string) {
  const value = params[field];
  return value === undefined ? undefined : new Decimal(decimalText(field, value));
}

function list(params: TradingCall['params'], field: string): string[] {
  const value = params[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidArgument(field);
  return value.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number') throw invalidArgument(field);
    return String(item);
  });
}

const addOrder: TradingMethod = {
  permissions: MODIFY,
  handle: ({ ctx, account, params, now }) => {
    const { symbol, deadline, validate, token: _token, ...fields } = params;
    const request = orderRequestOf(ctx, symbol, fields, {
      validate: validate === true,
      deadline: parseDeadline(deadline, WS_DEADLINE_MIN_LEAD_MS),
    });
    let order: Order | undefined;
    try {
      ({ order } = placeOrder(ctx, account, request, now));
    } catch (error) {
      // Placement's refusals name AddOrder's fields (starttm, expiretm): v2 callers read v2's names.
      throw withV2Field(error);
    }
    if (order === undefined)
      return ok({ order_id: '', ...(request.clOrdId === null ? {} : { cl_ord_id: request.clOrdId }) });
    return ok(ids(order));
  },
};

/**
 * batch_add: REST AddOrderBatch's rules (whole-batch validation, then per-order admission). An order refused at
 * admission (funds, margin) while others were placed is left out of `result` and named in `warnings` as
 * `orders[i]: <error>` (Kraken's docs do not say how v2 reports it); when none was placed the call fails with the
 * first error.
 */
const batchAdd: TradingMethod = {
  permissions: MODIFY,
  handle: ({ ctx, account, params, now }) => {
    const orders = params.orders;
    if (!Array.isArray(orders)) throw invalidArgument('orders');
    const validate = params.validate === true;
    const deadline = parseDeadline(params.deadline, WS_DEADLINE_MIN_LEAD_MS);
    const requests = orders.map((fields: unknown) => {
      // Each entry is an order object; anything else is the caller's mistake, not the mock's.
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
        throw invalidArgument('orders');
      return orderRequestOf(ctx, params.symbol, fields as Record<string, unknown>, { validate, deadline });
    });
    const results = placeBatch(ctx, account, String(params.symbol), requests, validate, now);
    const placed = results.flatMap((item) =>
      'error' in item || item.order === undefined ? [] : [ids(item.order)],
    );
    const failed = results.flatMap((item, index) =>
      'error' in item ? [`orders[${index}]: ${v2ErrorCode(item.error)}`] : [],
    );
    const firstError = results.find(
      (item): item is Extract<typeof item, { error: string }> => 'error' in item,
    );
    if (placed.length === 0 && firstError !== undefined && !validate)
      return [{ success: false, error: v2ErrorCode(firstError.error) }];
    return [
      { success: true, result: placed, ...(failed.length > 0 ? { warnings: failed } : {}) } as MethodAnswer,
    ];
  },
};

const amend: TradingMethod = {
  permissions: MODIFY_OR_CLOSE,
  handle: ({ ctx, account, params, now }) => {
    for (const field of ['display_qty', 'limit_price_type', 'trigger_price_type'] as const) {
      if (params[field] !== undefined && params[field] !== 'static') throw invalidArgument(field);
    }
    const txid = params.order_id === undefined ? undefined : String(params.order_id);
    const clOrdId = params.cl_ord_id === undefined ? undefined : String(params.cl_ord_id);
    if ((txid === undefined) === (clOrdId === undefined)) throw invalidArgument('order_id');
    const { amend_id } = amendOrder(
      ctx,
      account,
      {
        txid,
        clOrdId,
        orderQty: optionalDecimal(params, 'order_qty'),
        limitPrice: optionalDecimal(params, 'limit_price'),
        triggerPrice: optionalDecimal(params, 'trigger_price'),
        postOnly: params.post_only === true,
        deadline: parseDeadline(params.deadline, WS_DEADLINE_MIN_LEAD_MS),
      },
      now,
    );
    const order = findOpenOrders(account, clOrdId !== undefined ? { clOrdId } : { txid: txid ?? '' })[0];
    const known = order ?? (txid === undefined ? undefined : account.orders.get(txid));
    return ok({ amend_id, ...(known === undefined ? {} : ids(known)) });
  },
};

/**
 * edit_order (legacy cancel-and-replace, REST EditOrder's rules): the order is cancelled and a new one with a new
 * id takes its place. `limit_price` is the new limit; for a trigger order `triggers.price` is the new trigger and
 * `limit_price` the new limit of a -limit type. `post_only` and `fee_preference` replace those flags and keep the
 * others; `no_mpp` is deprecated and ignored; `display_qty` (iceberg orders) is not simulated, and `reduce_only`
 * cannot change: either is refused.
 */
const editOrderMethod: TradingMethod = {
  permissions: MODIFY,
  handle: ({ ctx, account, params, now }) => {
    if (params.display_qty !== undefined) throw invalidArgument('display_qty');
    if (typeof params.order_id !== 'string') throw invalidArgument('order_id');
    if (typeof params.symbol !== 'string') throw invalidArgument('symbol');
    const original = findOpenOrders(account, { txid: params.order_id })[0];
    if (original === undefined) throw new KrakenRejection(E.unknownOrder);
    if (params.reduce_only !== undefined && params.reduce_only !== original.reduceOnly)
      throw invalidArgument('reduce_only');
    const triggers = params.triggers;
    if (
      triggers !== undefined &&
      (triggers === null || typeof triggers !== 'object' || Array.isArray(triggers))
    )
      throw invalidArgument('triggers');
    const trigger = optionalDecimal((triggers ?? {}) as TradingCall['params'], 'price');
    const limit = optionalDecimal(params, 'limit_price');
    const absolute = (value: Decimal | undefined) =>
      value === undefined ? undefined : ({ kind: 'absolute', value } as const);
    let replacement: Order | undefined;
    try {
      ({ replacement } = editOrder(
        ctx,
        account,
        {
          txid: original.txid,
          pair: ctx.catalog.pair(params.symbol),
          volume: optionalDecimal(params, 'order_qty'),
          price: absolute(trigger ?? (isTriggerType(original.ordertype) ? undefined : limit)),
          price2: absolute(isTriggerType(original.ordertype) ? limit : undefined),
          oflags: editedFlags(original, params),
          newUserref: userrefOf(params.order_userref),
          validate: false,
          deadline: parseDeadline(params.deadline, WS_DEADLINE_MIN_LEAD_MS),
        },
        now,
      ));
    } catch (error) {
      // REST's field names in its refusals become v2's (pair → symbol, volume → order_qty).
      throw withV2Field(error);
    }
    return ok({ order_id: replacement?.txid, original_order_id: original.txid });
  },
};

/** The flags of an edited order: the original's, with `post` and the fee flag replaced where the edit gives them. */
function editedFlags(original: Order, params: TradingCall['params']): string[] | undefined {
  const { post_only: postOnly, fee_preference: fee } = params;
  if (postOnly === undefined && fee === undefined) return undefined;
  if (postOnly !== undefined && typeof postOnly !== 'boolean') throw invalidArgument('post_only');
  if (fee !== undefined && fee !== 'base' && fee !== 'quote') throw invalidArgument('fee_preference');
  let flags = [...original.oflags];
  if (postOnly !== undefined) flags = [...flags.filter((f) => f !== 'post'), ...(postOnly ? ['post'] : [])];
  if (fee !== undefined)
    flags = [...flags.filter((f) => f !== 'fcib' && f !== 'fciq'), fee === 'base' ? 'fcib' : 'fciq'];
  return flags;
}

function userrefOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < -2147483648 || (value as number) > 2147483647)
    throw invalidArgument('order_userref');
  return value as number;
}

/** cancel_order answers once per id: the cancelled order, or `EOrder:Unknown order`. */
const cancelOrder: TradingMethod = {
  permissions: MODIFY_OR_CLOSE,
  handle: ({ ctx, account, params, now }) => {
    const refs = [
      ...list(params, 'order_id').map((txid) => ({ txid })),
      ...list(params, 'cl_ord_id').map((clOrdId) => ({ clOrdId })),
      ...list(params, 'order_userref').map((txid) => ({ txid })),
    ];
    if (refs.length === 0) throw invalidArgument('order_id');
    return refs.map((ref): MethodAnswer => {
      const orders = findOpenOrders(account, ref);
      const first = orders[0];
      if (first === undefined) return { success: false, error: E.unknownOrder };
      try {
        // Each id is a single cancel: over the threshold it may be refused (settings.singleCancelOverThreshold).
        cancelOrders(ctx, account, orders, now, USER_CANCEL_REASON, 'single');
      } catch (error) {
        if (isKrakenRejection(error)) return { success: false, error: error.code };
        throw error;
      }
      return { success: true, result: ids(first) };
    });
  },
};

const batchCancel: TradingMethod = {
  permissions: CLOSE,
  handle: ({ ctx, account, params, now }) => {
    const refs = [
      ...list(params, 'orders').map((txid) => ({ txid })),
      ...list(params, 'cl_ord_id').map((clOrdId) => ({ clOrdId })),
    ];
    if (refs.length === 0 || refs.length > 50) throw invalidArgument('orders', '1 to 50 ids');
    const orders = new Set<Order>();
    for (const ref of refs) for (const order of findOpenOrders(account, ref)) orders.add(order);
    return ok({ count: cancelOrders(ctx, account, [...orders], now) });
  },
};

const cancelAllMethod: TradingMethod = {
  permissions: CLOSE,
  handle: ({ ctx, account, now }) => ok({ count: cancelAll(ctx, account, now) }),
};

const cancelAfter: TradingMethod = {
  permissions: CLOSE,
  handle: ({ ctx, account, params, now }) => {
    const timeout = params.timeout;
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout >= 86_400) {
      throw invalidArgument('timeout');
    }
    return ok(setDeadMansSwitch(ctx, account, timeout, now));
  },
};

export const TRADING_METHODS: ReadonlyMap<string, TradingMethod> = new Map([
  ['add_order', addOrder],
  ['batch_add', batchAdd],
  ['amend_order', amend],
  ['edit_order', editOrderMethod],
  ['cancel_order', cancelOrder],
  ['batch_cancel', batchCancel],
  ['cancel_all', cancelAllMethod],
  ['cancel_all_orders_after', cancelAfter],
]);

/**
 * Runs a trading method: permission (`EGeneral:Permission denied`), then the method. A KrakenRejection becomes the
 * error answer with its exact string; anything else is rethrown (a mock bug, reported as an internal error).
 */
export function runTradingMethod(method: TradingMethod, call: TradingCall): MethodAnswer[] {
  try {
    if (!method.permissions.some((flag) => call.key.permissions.has(flag))) {
      throw new KrakenRejection(E.permissionDenied);
    }
    return method.handle(call);
  } catch (error) {
    if (isKrakenRejection(error)) return [{ success: false, error: error.code }];
    throw error;
  }
}
