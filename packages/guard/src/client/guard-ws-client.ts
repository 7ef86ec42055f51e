import { randomUUID } from 'node:crypto';
import type {
  ExecutionReport,
  WsAddOrderParams,
  WsAddOrderResult,
  WsAmendOrderParams,
  WsAmendOrderResult,
  WsBatchAddParams,
  WsBatchCancelParams,
  WsCallOptions,
  WsCancelAfterParams,
  WsCancelAfterResult,
  WsCancelOrderParams,
  WsCancelOrderResult,
  WsCountResult,
  WsOrderFields,
} from '@krakenkit/client/ws';
import { validateWsParams } from '@krakenkit/client/ws';
import {
  isValidatedWsOrder,
  isValidatedWsOrderBatch,
  parseWsOrder,
  parseWsOrderBatch,
  type ValidatedWsOrder,
  type ValidatedWsOrderBatch,
} from '@krakenkit/core';
import { GUARD_CODES } from '../codes.js';
import { Dec, ZERO } from '../decimal.js';
import type { Adjustments, Decision } from '../decision.js';
import type { AmendIntent, OrderIntent } from '../intent.js';
import type { GuardEvent } from '../state/events.js';
import { EXEC_ID_MAX_LENGTH } from '../state/exec-ids.js';
import { GuardRejectedError } from './guard-rejected-error.js';
import { isPromise, type ReservingGuard, recordOutcome, reserveThrough } from './reserving-guard.js';
import { certainlyNotPlaced, rejectionCode } from './send-outcome.js';
import { batchViolations, releaseEvent } from './session-helpers.js';

/**
 * The WebSocket v2 trading methods guardWsClient wraps; `createWsClient()`'s WsClient satisfies it, and so does a
 * test double with the same methods.
 */
export interface GuardableWsClient {
  /** Places one order (`add_order`); through the guard, checked and reserved first. */
  addOrder(params: WsAddOrderParams, options?: WsCallOptions): Promise<WsAddOrderResult>;
  /** Places 2 to 15 orders on one symbol (`batch_add`); through the guard, every order is checked. */
  batchAdd(params: WsBatchAddParams, options?: WsCallOptions): Promise<WsAddOrderResult[]>;
  /** Amends an open order in place (`amend_order`); through the guard, the new size and price are checked. */
  amendOrder(params: WsAmendOrderParams, options?: WsCallOptions): Promise<WsAmendOrderResult>;
  /** Cancels orders (`cancel_order`); cancels always pass the guard. */
  cancelOrder(params: WsCancelOrderParams, options?: WsCallOptions): Promise<WsCancelOrderResult>;
  /** Cancels every open order (`cancel_all`). */
  cancelAll(options?: WsCallOptions): Promise<WsCountResult>;
  /** Cancels several orders in one request (`batch_cancel`). */
  batchCancel(params: WsBatchCancelParams, options?: WsCallOptions): Promise<WsCountResult>;
  /** Arms, refreshes or disarms the dead man's switch (`cancel_all_orders_after`). */
  cancelAllOrdersAfter(params: WsCancelAfterParams, options?: WsCallOptions): Promise<WsCancelAfterResult>;
}

/**
 * What guardWsClient returns: the WS trading methods through the guard, plus `applyExecution` to feed fills back.
 * `Applied` is what applyExecution answers: a boolean with a plain guard, a promise of one with a shared guard.
 */
export interface GuardedWsTrading<Applied extends boolean | Promise<boolean> = boolean>
  extends GuardableWsClient {
  /** Feeds one `executions` report to the guard (fills, cancels, expiries); answers whether the guard changed. */
  applyExecution(report: ExecutionReport): Applied;
}

function refuse(method: string, message: string, field: string): never {
  throw new GuardRejectedError(method, [{ rule: 'intent', code: GUARD_CODES.invalidIntent, message, field }]);
}

/** A WS order's prices as the guard's absolute price / price2; relative (pct, quote) prices cannot be judged. */
function pricesOf(method: string, order: WsOrderFields): Pick<OrderIntent, 'price' | 'price2'> {
  const relative = (type: string | undefined) => type !== undefined && type !== 'static';
  if (relative(order.limit_price_type) || relative(order.triggers?.price_type)) {
    refuse(
      method,
      'relative prices (pct, quote) cannot be checked before the fact: give a static price',
      'price',
    );
  }
  const trigger = order.triggers?.price;
  const limit = order.limit_price;
  if (trigger === undefined) return limit === undefined ? {} : { price: limit };
  return limit === undefined ? { price: trigger } : { price: trigger, price2: limit };
}

/** One WS order (add_order, or a batch_add entry with the batch's symbol) as the guard's intent. */
export function wsOrderIntentOf(method: string, symbol: string, order: WsOrderFields): OrderIntent {
  if (order.order_qty === undefined) {
    refuse(
      method,
      'cash_order_qty (quote-currency quantity) cannot be sized by the guard: give order_qty',
      'order_qty',
    );
  }
  return {
    pair: symbol,
    side: order.side,
    orderType: order.order_type,
    volume: order.order_qty,
    ...pricesOf(method, order),
    ...(order.margin === undefined ? {} : { margin: order.margin }),
    ...(order.reduce_only === undefined ? {} : { reduceOnly: order.reduce_only }),
    ...(order.post_only === undefined ? {} : { postOnly: order.post_only }),
    ...(order.cl_ord_id === undefined ? {} : { clOrdId: order.cl_ord_id }),
  };
}

/**
 * The order to send: the validated order itself, or (when config asked the guard to round) the order with the
 * rounded values, validated again (rounding may change what the checks see). Rounded volume is `order_qty`; a
 * rounded price is the trigger's price when the order has one (and price2 its limit), else the limit price.
 */
function adjustedWsOrder(order: ValidatedWsOrder, adjusted: Adjustments | undefined): ValidatedWsOrder {
  return adjusted === undefined ? order : parseWsOrder({ ...order, ...roundedFields(order, adjusted) });
}

/** The batch to send: the validated batch itself, or the batch with each order's rounding, validated again. */
function adjustedWsBatch(
  batch: ValidatedWsOrderBatch,
  decisions: readonly Decision[],
): ValidatedWsOrderBatch {
  if (decisions.every((decision) => decision.adjusted === undefined)) return batch;
  const orders = batch.orders.map((order, index) => {
    const { symbol: _symbol, ...fields } = order;
    const adjusted = decisions[index]?.adjusted;
    return adjusted === undefined ? fields : { ...fields, ...roundedFields(order, adjusted) };
  });
  return parseWsOrderBatch({ ...batch, orders });
}

function roundedFields(order: ValidatedWsOrder, adjusted: Adjustments): Partial<WsOrderFields> {
  const out: Partial<WsOrderFields> = {};
  if (adjusted.volume !== undefined) out.order_qty = adjusted.volume;
  if (order.triggers !== undefined && adjusted.price !== undefined) {
    out.triggers = { ...order.triggers, price: adjusted.price };
    if (adjusted.price2 !== undefined) out.limit_price = adjusted.price2;
  } else if (adjusted.price !== undefined) {
    out.limit_price = adjusted.price;
  }
  return out;
}

/** An amend to a relative price (pct, quote) cannot be judged before the fact, as an order's cannot. */
function rejectRelativeAmend(amend: WsAmendOrderParams): void {
  const relative = (type: string | undefined) => type !== undefined && type !== 'static';
  if (relative(amend.limit_price_type) || relative(amend.trigger_price_type)) {
    refuse(
      'amendOrder',
      'relative prices (pct, quote) cannot be checked before the fact: give a static price',
      'price',
    );
  }
}

/** The guard's intent for a WebSocket `amend_order` request. */
export function wsAmendIntentOf(params: WsAmendOrderParams): AmendIntent {
  return {
    kind: 'amend',
    orderId: params.order_id ?? params.cl_ord_id ?? '',
    ...(params.order_qty === undefined ? {} : { volume: params.order_qty }),
    ...(params.limit_price === undefined ? {} : { limitPrice: params.limit_price }),
    ...(params.trigger_price === undefined ? {} : { triggerPrice: params.trigger_price }),
    ...(params.post_only === undefined ? {} : { postOnly: params.post_only }),
  };
}

/** The guard events an `executions` report means: a fill, or the end of an order's life. */
export function guardEventsOf(report: ExecutionReport): GuardEvent[] {
  // The client order id too: a report can come before the add's answer, when the guard knows no order_id yet.
  const names = {
    order: report.order_id,
    ...(report.cl_ord_id === undefined ? {} : { clOrdId: report.cl_ord_id }),
  };
  if (report.exec_type === 'trade' && report.last_qty !== undefined && report.last_price !== undefined) {
    const execId = execIdOf(report);
    return [
      {
        type: 'order-filled',
        ...names,
        volume: report.last_qty,
        price: report.last_price,
        ...feeOf(report),
        ...(execId === undefined ? {} : { execId }),
        // The order's executed volume with this fill: what a reconcile already took in is not counted again.
        ...(report.cum_qty === undefined ? {} : { filledTotal: report.cum_qty }),
      },
    ];
  }
  if (report.exec_type === 'canceled' || report.exec_type === 'expired')
    return [{ type: 'order-cancelled', ...names }];
  return [];
}

/**
 * The fill's fees in the pair's quote currency, as the PnL (and the loss limits it feeds) counts them: a fee in the
 * quote as it is, one in the base at the fill's price. A fee in another currency has no price here; it is left out
 * (the fill still counts), as are fees of a report without a symbol.
 */
function feeOf(report: ExecutionReport): { fee?: string } {
  const [base, quote] = (report.symbol ?? '').split('/');
  if (report.fees === undefined || report.fees.length === 0 || base === undefined || quote === undefined)
    return {};
  let total = ZERO;
  for (const fee of report.fees) {
    if (fee.asset === quote) total = total.plus(fee.qty);
    else if (fee.asset === base && report.last_price !== undefined)
      total = total.plus(new Dec(fee.qty).times(report.last_price));
  }
  // A rebate (a negative total) is left out: the loss limits then count a little more loss, never less.
  return total.gt(0) ? { fee: total.toFixed() } : {};
}

/**
 * The execution's id, so a fill the feed repeats (the `snap_trades` snapshot sent on each subscription) counts
 * once: `exec_id`, else the trade id within its order (a trade id alone can be shared by both sides of a trade
 * between two of the account's orders).
 */
function execIdOf(report: ExecutionReport): string | undefined {
  const id =
    report.exec_id !== undefined && report.exec_id !== ''
      ? report.exec_id
      : report.trade_id === undefined
        ? undefined
        : `${report.order_id}/trade/${report.trade_id}`;
  // An id the guard would refuse is left out rather than losing the fill with it: the fill counts as before.
  return id !== undefined && id.length <= EXEC_ID_MAX_LENGTH ? id : undefined;
}

/**
 * Wraps a WebSocket client so add_order, batch_add and amend_order pass `guard.reserve()` exactly as REST orders
 * do through guardClient (v2 `margin: true` counts at the pair's maximum leverage for the side). Params are
 * validated once, before the guard reads them (core's parseWsOrder for orders, the client's validateWsParams for
 * amends and cancels: hostile input ends in the client's ValidationError naming the field), and that same value is
 * what the guard judges and the client sends without validating again. A refusal throws GuardRejectedError and
 * sends nothing. Outcomes update the guard: accepted → open order (by order_id), a certain rejection → reservation
 * released, an unknown outcome (timeout after sending) → kept until reconciled. Each order gets a cl_ord_id when it
 * has none, so batch results are matched to their reservations. Cancels always go through and are recorded. Fills reach the guard through `applyExecution(report)` (feed it the `executions` channel).
 * The result is a frozen object of functions: nothing reachable from it is the raw client (subscribe with the
 * WsClient itself for market data; trade only through this object).
 */
export function guardWsClient<G extends ReservingGuard>(
  client: GuardableWsClient,
  guard: G,
  options: { newId?: () => string } = {},
): GuardedWsTrading<ReturnType<G['apply']>> {
  const session = new GuardedWsSession(client, guard, options.newId ?? randomUUID);
  return Object.freeze({
    addOrder: session.addOrder.bind(session),
    batchAdd: session.batchAdd.bind(session),
    amendOrder: session.amendOrder.bind(session),
    cancelOrder: session.cancelOrder.bind(session),
    cancelAll: session.cancelAll.bind(session),
    batchCancel: session.batchCancel.bind(session),
    // The dead man's switch only ever cancels.
    cancelAllOrdersAfter: (params: WsCancelAfterParams, callOptions?: WsCallOptions) =>
      client.cancelAllOrdersAfter(params, callOptions),
    applyExecution: (report: ExecutionReport) =>
      applyEvents(guard, guardEventsOf(report)) as ReturnType<G['apply']>,
  });
}

// In order; synchronous for a plain guard, awaited one by one for a shared guard.
function applyEvents(guard: ReservingGuard, events: readonly GuardEvent[]): boolean | Promise<boolean> {
  let changed = false;
  for (const [index, event] of events.entries()) {
    const applied = guard.apply(event);
    if (isPromise(applied)) return applyRest(guard, events.slice(index + 1), applied, changed);
    changed = applied || changed;
  }
  return changed;
}

async function applyRest(
  guard: ReservingGuard,
  rest: readonly GuardEvent[],
  first: Promise<boolean>,
  before: boolean,
): Promise<boolean> {
  let changed = (await first) || before;
  for (const event of rest) changed = (await guard.apply(event)) || changed;
  return changed;
}

/** The guarded methods; client and guard live in private fields, so nothing leads back to the raw client. */
class GuardedWsSession {
  readonly #client: GuardableWsClient;
  readonly #guard: ReservingGuard;
  readonly #newId: () => string;

  constructor(client: GuardableWsClient, guard: ReservingGuard, newId: () => string) {
    this.#client = client;
    this.#guard = guard;
    this.#newId = newId;
  }

  async addOrder(params: WsAddOrderParams, callOptions?: WsCallOptions): Promise<WsAddOrderResult> {
    const order = isValidatedWsOrder(params) ? params : parseWsOrder(params, { newId: this.#newId });
    if (order.validate === true) {
      // Validate-only places nothing: check, but reserve nothing.
      const decision = this.#guard.check(order);
      if (!decision.allowed) throw new GuardRejectedError('addOrder', decision.violations);
      return this.#client.addOrder(order, callOptions);
    }
    const { ref, adjusted } = await this.#reserve('addOrder', order);
    const sent = adjustedWsOrder(order, adjusted);
    const result = await this.#settle(this.#client.addOrder(sent, callOptions), [ref], 'order');
    await recordOutcome(this.#guard, { type: 'order-accepted', ref, txid: result.order_id });
    return result;
  }

  async batchAdd(params: WsBatchAddParams, callOptions?: WsCallOptions): Promise<WsAddOrderResult[]> {
    const batch = isValidatedWsOrderBatch(params)
      ? params
      : parseWsOrderBatch(params, { newId: this.#newId });
    const answer = this.#guard.reserveBatch(batch.orders);
    const reserved = isPromise(answer) ? await answer : answer;
    if (!reserved.allowed) throw new GuardRejectedError('batchAdd', batchViolations(reserved.decisions));
    const refs = reserved.decisions.map((decision) => decision.ref ?? '');
    const sent = adjustedWsBatch(batch, reserved.decisions);
    const results = await this.#settle(this.#client.batchAdd(sent, callOptions), refs, 'order');
    for (const [i, order] of sent.orders.entries()) {
      const ref = refs[i] ?? '';
      // Every validated order has a cl_ord_id or an order_userref: the answer is matched by it.
      const placed = results.find((r) =>
        order.cl_ord_id !== undefined
          ? r.cl_ord_id === order.cl_ord_id
          : r.order_userref === order.order_userref,
      );
      // An order missing from a successful batch answer was refused by the exchange (the others stand).
      await recordOutcome(
        this.#guard,
        placed === undefined
          ? { type: 'order-rejected', ref }
          : { type: 'order-accepted', ref, txid: placed.order_id },
      );
    }
    return results;
  }

  async amendOrder(params: WsAmendOrderParams, callOptions?: WsCallOptions): Promise<WsAmendOrderResult> {
    const amend = validateWsParams('amend_order', params);
    rejectRelativeAmend(amend);
    const { ref } = await this.#reserve('amendOrder', wsAmendIntentOf(amend));
    const result = await this.#settle(this.#client.amendOrder(amend, callOptions), [ref], 'amend');
    await recordOutcome(this.#guard, { type: 'amend-accepted', ref });
    return result;
  }

  // Cancels always pass the guard; reserving one only charges the pair's matching-engine counter.
  async cancelOrder(params: WsCancelOrderParams, callOptions?: WsCallOptions): Promise<WsCancelOrderResult> {
    const cancel = validateWsParams('cancel_order', params);
    const ids = [
      ...(cancel.order_id ?? []),
      ...(cancel.cl_ord_id ?? []),
      ...(cancel.order_userref ?? []).map(String),
    ];
    await reserveThrough(this.#guard, { kind: 'cancel', orderIds: ids });
    const result = await this.#client.cancelOrder(cancel, callOptions);
    for (const cancelled of result.cancelled) {
      const id = cancelled.order_id ?? cancelled.cl_ord_id;
      if (id !== undefined) await recordOutcome(this.#guard, { type: 'order-cancelled', order: id });
    }
    return result;
  }

  async cancelAll(callOptions?: WsCallOptions): Promise<WsCountResult> {
    await reserveThrough(this.#guard, { kind: 'cancel' });
    const open = this.#guard.orders().filter((order) => order.status === 'open');
    const result = await this.#client.cancelAll(callOptions);
    for (const order of open) await recordOutcome(this.#guard, { type: 'order-cancelled', order: order.ref });
    return result;
  }

  async batchCancel(params: WsBatchCancelParams, callOptions?: WsCallOptions): Promise<WsCountResult> {
    const cancel = validateWsParams('batch_cancel', params);
    const ids = [...(cancel.orders ?? []), ...(cancel.cl_ord_id ?? [])];
    await reserveThrough(this.#guard, { kind: 'cancel', orderIds: ids });
    const result = await this.#client.batchCancel(cancel, callOptions);
    // The answer counts cancels without naming them: fewer than asked means some order filled (or was gone)
    // first, and the guard cannot tell which, so it releases none and leaves them to the next reconcile.
    if (result.count >= ids.length)
      for (const id of ids) await recordOutcome(this.#guard, { type: 'order-cancelled', order: id });
    return result;
  }

  async #reserve(
    method: string,
    intent: ValidatedWsOrder | AmendIntent,
  ): Promise<{ ref: string; adjusted: Adjustments | undefined }> {
    const reservation = await reserveThrough(this.#guard, intent);
    if (!reservation.allowed || reservation.ref === undefined) {
      throw new GuardRejectedError(method, reservation.violations);
    }
    return { ref: reservation.ref, adjusted: reservation.adjusted };
  }

  // A certain failure releases the reservations; an unknown outcome keeps them until reconciled (fail closed).
  async #settle<T>(call: Promise<T>, refs: readonly string[], kind: 'order' | 'amend'): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (certainlyNotPlaced(error)) {
        for (const ref of refs)
          await recordOutcome(this.#guard, releaseEvent(kind, ref, rejectionCode(error)));
      }
      throw error;
    }
  }
}
