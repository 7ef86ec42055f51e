import { randomUUID } from 'node:crypto';
import { TransportError } from '../errors/index.js';
import type { MethodResponse } from './messages.js';
import type { WsSession } from './session.js';
import {
  addOrderWire,
  amendOrderWire,
  batchAddWire,
  batchCancelWire,
  cancelAfterWire,
  cancelOrderWire,
  cancelResponseCount,
  type WsAddOrderParams,
  type WsAmendOrderParams,
  type WsBatchAddParams,
  type WsBatchCancelParams,
  type WsCancelAfterParams,
  type WsCancelOrderParams,
} from './trading-params.js';
import {
  readAddOrderResult,
  readAmendOrderResult,
  readBatchAddResult,
  readCancelAfterResult,
  readCancelOrderResult,
  readCountResult,
  type WsAddOrderResult,
  type WsAmendOrderResult,
  type WsCancelAfterResult,
  type WsCancelOrderResult,
  type WsCountResult,
} from './trading-results.js';

/** Per-call options of the trading methods. */
export interface WsCallOptions {
  /** Stop waiting (the request may still take effect if it was sent: the error says so). */
  signal?: AbortSignal;
  /** Override of the client's `requestTimeoutMs`. */
  timeoutMs?: number;
}

/**
 * The WebSocket v2 trading methods on the authenticated endpoint. Each validates its params before sending, sends
 * with the connection's token and a fresh req_id, and answers with the typed result; Kraken's failures throw
 * KrakenError with Kraken's exact string as `code` and `ws:<method>` as endpoint; no answer throws TransportError
 * with `outcome: 'unknown'` once the frame was sent (reconcile by cl_ord_id before repeating an order).
 */
export class WsTrading {
  readonly #session: () => WsSession;
  readonly #newId: () => string;

  constructor(session: () => WsSession, newId: () => string = randomUUID) {
    this.#session = session;
    this.#newId = newId;
  }

  async addOrder(params: WsAddOrderParams, options: WsCallOptions = {}): Promise<WsAddOrderResult> {
    const wire = addOrderWire(params, this.#newId);
    const [response] = await this.#call('add_order', wire, 1, options, [wire.cl_ord_id]);
    return readAddOrderResult(response as MethodResponse);
  }

  /** 2–15 orders for one symbol; results in request order. */
  async batchAdd(params: WsBatchAddParams, options: WsCallOptions = {}): Promise<WsAddOrderResult[]> {
    const wire = batchAddWire(params, this.#newId);
    const ids = (wire.orders as Array<Record<string, unknown>>).map((order) => order.cl_ord_id);
    const [response] = await this.#call('batch_add', wire, 1, options, ids);
    return readBatchAddResult(response as MethodResponse);
  }

  async amendOrder(params: WsAmendOrderParams, options: WsCallOptions = {}): Promise<WsAmendOrderResult> {
    const [response] = await this.#call('amend_order', amendOrderWire(params), 1, options);
    return readAmendOrderResult(response as MethodResponse);
  }

  /** Kraken answers once per order: the result lists the cancelled ones and the errors of the others. */
  async cancelOrder(params: WsCancelOrderParams, options: WsCallOptions = {}): Promise<WsCancelOrderResult> {
    const wire = cancelOrderWire(params);
    return readCancelOrderResult(await this.#call('cancel_order', wire, cancelResponseCount(wire), options));
  }

  async cancelAll(options: WsCallOptions = {}): Promise<WsCountResult> {
    const [response] = await this.#call('cancel_all', {}, 1, options);
    return readCountResult(response as MethodResponse);
  }

  async batchCancel(params: WsBatchCancelParams, options: WsCallOptions = {}): Promise<WsCountResult> {
    const [response] = await this.#call('batch_cancel', batchCancelWire(params), 1, options);
    return readCountResult(response as MethodResponse);
  }

  /** Dead man's switch: cancel everything after `timeout` seconds unless called again (0 disables). */
  async cancelAllOrdersAfter(
    params: WsCancelAfterParams,
    options: WsCallOptions = {},
  ): Promise<WsCancelAfterResult> {
    const [response] = await this.#call('cancel_all_orders_after', cancelAfterWire(params), 1, options);
    return readCancelAfterResult(response as MethodResponse);
  }

  async #call(
    method: string,
    wire: Record<string, unknown>,
    expected: number,
    options: WsCallOptions,
    clOrdIds: readonly unknown[] = [],
  ): Promise<MethodResponse[]> {
    try {
      return await this.#session().request(method, wire, {
        expected,
        auth: true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } catch (error) {
      const ids = clOrdIds.filter((id): id is string => typeof id === 'string');
      if (error instanceof TransportError && error.outcome === 'unknown' && ids.length > 0) {
        // Name the client order ids so the caller can look the order(s) up before placing again.
        throw new TransportError(`${error.message} (cl_ord_id ${ids.join(', ')})`, {
          endpoint: error.endpoint,
          outcome: 'unknown',
          code: error.code,
          cause: error,
        });
      }
      throw error;
    }
  }
}
