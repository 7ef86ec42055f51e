import { randomUUID } from 'node:crypto';
import {
  isValidatedWsOrder,
  isValidatedWsOrderBatch,
  KRAKENKIT_CODES,
  parseWsOrder,
  parseWsOrderBatch,
} from '@krakenkit/core';
import { KrakenkitError, TransportError } from '../errors/index.js';
import type { RateOutcome, RateTicket } from '../rate-limit/types.js';
import { sealedWire } from '../sealed-wire.js';
import { resolveWsRateLimiting, type WsClientOptions, type WsRateLimiting } from './client-options.js';
import { WsProtocolError } from './errors.js';
import type { ExecutionsMessage, MethodResponse } from './messages.js';
import { addOrderFrame, batchAddFrame } from './order-frame.js';
import { addedOutcome, cancelledOutcome, reportedRateCounts, wsTicketFor } from './rate-tickets.js';
import type { WsSession } from './session.js';
import {
  amendOrderWire,
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

/** Per-call options of the cancel methods. */
export interface WsCancelCallOptions extends WsCallOptions {
  /**
   * Send the cancel at once, without waiting for room on the pair's matching-engine counter, at the risk of
   * `EOrder:Rate limit exceeded` (see the limiter's `singleCancelOverThreshold`). It is still charged.
   */
  urgent?: boolean;
}

/**
 * The WebSocket v2 trading methods on the authenticated endpoint. Each validates its params before sending (an
 * order already validated by @krakenkit/core's parseWsOrder / parseWsOrderBatch, and params validated by
 * validateWsParams, are sent as they are: the guarded client validates once and hands that value on), sends
 * with the connection's token and a fresh req_id, and answers with the typed result; Kraken's failures throw
 * KrakenError with Kraken's exact string as `code` and `ws:<method>` as endpoint; no answer throws TransportError
 * with `outcome: 'unknown'` once the frame was sent (reconcile by cl_ord_id before repeating an order).
 *
 * With a `limiter` (share the REST client's: see `WsClientOptions.limiter`), each request first waits for its
 * pair's matching-engine budget, cancels ahead of orders (an `urgent` cancel does not wait), and the limiter is
 * told what the request did: orders created (order_id, cl_ord_id, pair), orders closed, Kraken's errors
 * (`EOrder:Rate limit exceeded` re-syncs the pair's counter), and the counters the executions feed reports.
 */
export class WsTrading {
  readonly #session: () => WsSession;
  readonly #newId: () => string;
  readonly #limiting: WsRateLimiting | undefined;

  constructor(
    session: () => WsSession,
    newId: () => string = randomUUID,
    limiting: Pick<WsClientOptions, 'limiter' | 'limiterPair'> = {},
  ) {
    this.#session = session;
    this.#newId = newId;
    this.#limiting = resolveWsRateLimiting(limiting);
  }

  /** Places one order (`add_order`) over the authenticated WebSocket. */
  async addOrder(params: WsAddOrderParams, options: WsCallOptions = {}): Promise<WsAddOrderResult> {
    const order = isValidatedWsOrder(params) ? params : parseWsOrder(params, { newId: this.#newId });
    const wire = addOrderFrame(order);
    return this.#trade({
      method: 'add_order',
      wire,
      options,
      clOrdIds: [order.cl_ord_id],
      read: ([response]) => readAddOrderResult(response as MethodResponse),
      outcome: (ticket, result) => addedOutcome(ticket, wire, [result]),
    });
  }

  /** 2–15 orders for one symbol; results in request order. */
  async batchAdd(params: WsBatchAddParams, options: WsCallOptions = {}): Promise<WsAddOrderResult[]> {
    const batch = isValidatedWsOrderBatch(params)
      ? params
      : parseWsOrderBatch(params, { newId: this.#newId });
    const wire = batchAddFrame(batch);
    const clOrdIds = batch.orders.map((order) => order.cl_ord_id);
    return this.#trade({
      method: 'batch_add',
      wire,
      options,
      clOrdIds,
      read: ([response]) => {
        const answer = response as MethodResponse;
        return everyOrderAccountedFor(readBatchAddResult(answer), answer.warnings ?? [], wire, clOrdIds);
      },
      outcome: (ticket, results) => addedOutcome(ticket, wire, results),
    });
  }

  /** Changes an open order in place (`amend_order`), keeping its queue priority where Kraken allows. */
  async amendOrder(params: WsAmendOrderParams, options: WsCallOptions = {}): Promise<WsAmendOrderResult> {
    return this.#trade({
      method: 'amend_order',
      wire: sealedWire(params, 'amend_order') ?? amendOrderWire(params),
      options,
      read: ([response]) => readAmendOrderResult(response as MethodResponse),
    });
  }

  /** Kraken answers once per order: the result lists the cancelled ones and the errors of the others. */
  async cancelOrder(
    params: WsCancelOrderParams,
    options: WsCancelCallOptions = {},
  ): Promise<WsCancelOrderResult> {
    const wire = sealedWire(params, 'cancel_order') ?? cancelOrderWire(params);
    return this.#trade({
      method: 'cancel_order',
      wire,
      expected: cancelResponseCount(wire),
      options,
      read: readCancelOrderResult,
      outcome: (_ticket, result) => cancelledOutcome(result),
    });
  }

  /** Cancels every open order of the account (`cancel_all`). */
  async cancelAll(options: WsCallOptions = {}): Promise<WsCountResult> {
    return this.#trade({
      method: 'cancel_all',
      wire: {},
      options,
      read: ([response]) => readCountResult(response as MethodResponse),
    });
  }

  /** Cancels several orders by id, userref or client order id in one request (`batch_cancel`). */
  async batchCancel(params: WsBatchCancelParams, options: WsCancelCallOptions = {}): Promise<WsCountResult> {
    return this.#trade({
      method: 'batch_cancel',
      wire: sealedWire(params, 'batch_cancel') ?? batchCancelWire(params),
      options,
      read: ([response]) => readCountResult(response as MethodResponse),
    });
  }

  /** Dead man's switch: cancel everything after `timeout` seconds unless called again (0 disables). */
  async cancelAllOrdersAfter(
    params: WsCancelAfterParams,
    options: WsCallOptions = {},
  ): Promise<WsCancelAfterResult> {
    return this.#trade({
      method: 'cancel_all_orders_after',
      wire: cancelAfterWire(params),
      options,
      read: ([response]) => readCancelAfterResult(response as MethodResponse),
    });
  }

  /**
   * Hands the matching-engine counters an executions message reports (`ratecount`, sent when the channel is
   * subscribed with `ratecounter: true`) to the limiter, which takes them as the truth between its own charges.
   * The client does this for every executions message it receives; call it for messages received another way.
   */
  syncRateCounters(message: ExecutionsMessage): void {
    const limiting = this.#limiting;
    if (limiting?.limiter.observeRateCounter === undefined) return;
    for (const [symbol, value] of reportedRateCounts(message)) {
      limiting.limiter.observeRateCounter(limiting.pairOf(symbol), value);
    }
  }

  /** Sends one request through the limiter (when there is one), reads the answer, tells the limiter what it did. */
  async #trade<T>(call: TradeCall<T>): Promise<T> {
    const limiting = this.#limiting;
    if (limiting === undefined) return readAnswer(call, await this.#call(call));
    const { limiter } = limiting;
    const ticket = wsTicketFor(call.method, call.wire, limiting.pairOf);
    if (call.options.urgent === true) ticket.urgent = true;
    const { signal } = call.options;
    let reachedSend = false;
    let responses: MethodResponse[];
    try {
      const send = () => {
        reachedSend = true;
        return this.#call(call);
      };
      responses = await limiter.run(ticket, send, signal);
    } catch (error) {
      if (!reachedSend) throw notSentBeforeLimiter(error, call.method, signal);
      limiter.observe(ticket, { ok: false, errorCode: codeOf(error) ?? KRAKENKIT_CODES.TRANSPORT });
      throw error;
    }
    let result: T;
    try {
      result = readAnswer(call, responses);
    } catch (error) {
      // A failure answer (KrakenError with Kraken's string) or an unreadable one.
      limiter.observe(ticket, { ok: false, errorCode: codeOf(error) ?? KRAKENKIT_CODES.PROTOCOL });
      throw error;
    }
    limiter.observe(ticket, call.outcome?.(ticket, result) ?? { ok: true });
    return result;
  }

  async #call<T>(call: TradeCall<T>): Promise<MethodResponse[]> {
    const { options } = call;
    try {
      return await this.#session().request(call.method, call.wire, {
        expected: call.expected ?? 1,
        auth: true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } catch (error) {
      const named = namedClOrdIds(call.clOrdIds);
      if (error instanceof TransportError && error.outcome === 'unknown' && named !== '') {
        // Name the client order ids so the caller can look the order(s) up before placing again.
        throw new TransportError(`${error.message}${named}`, {
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

/** One trading request: what to send, how to read the answer, and what to tell the limiter on success. */
interface TradeCall<T> {
  method: string;
  wire: Readonly<Record<string, unknown>>;
  /** Responses Kraken sends (cancel_order: one per order). Default 1. */
  expected?: number;
  /** `urgent` is offered by the cancel methods only (the limiter ignores it on other calls). */
  options: WsCancelCallOptions;
  /** Client order ids the request places (named in an unknown-outcome error). */
  clOrdIds?: readonly unknown[];
  read: (responses: MethodResponse[]) => T;
  /** Default `{ ok: true }`: the limiter then closes a cancel's orders and resets an amend's order age. */
  outcome?: (ticket: RateTicket, result: T) => RateOutcome;
}

/**
 * A batch_add success lists a result per order placed; an order refused on its own is reported by a warning
 * instead. An answer with more results than orders, or fewer without a warning for each missing order, says
 * nothing sure about the orders it leaves out: the outcome is unknown, not a success missing some orders.
 */
function everyOrderAccountedFor(
  results: WsAddOrderResult[],
  warnings: readonly string[],
  wire: Readonly<Record<string, unknown>>,
  clOrdIds: readonly unknown[],
): WsAddOrderResult[] {
  const sent = Array.isArray(wire.orders) ? wire.orders.length : results.length;
  const accounted =
    results.length === sent || (results.length < sent && results.length + warnings.length >= sent);
  if (wire.validate === true || accounted) return results;
  const named = namedClOrdIds(clOrdIds);
  throw new TransportError(
    `ws:batch_add: the answer reports success but it lists ${results.length} orders for ${sent} sent; the outcome is unknown${named}`,
    { endpoint: 'ws:batch_add', outcome: 'unknown', code: KRAKENKIT_CODES.BAD_RESPONSE },
  );
}

/**
 * Reads a trading answer. A success whose result cannot be read (an add without its order_id) did take effect on
 * the exchange; only what it did is missing: an unknown outcome naming the client order ids to look up, not a
 * protocol failure the caller would read as "nothing happened".
 */
function readAnswer<T>(call: TradeCall<T>, responses: MethodResponse[]): T {
  try {
    return call.read(responses);
  } catch (error) {
    if (!(error instanceof WsProtocolError) || !responses.some((response) => response.success)) throw error;
    const named = namedClOrdIds(call.clOrdIds);
    throw new TransportError(
      `ws:${call.method}: Kraken answered success but its result cannot be read (${error.message}); the outcome is unknown${named}`,
      { endpoint: `ws:${call.method}`, outcome: 'unknown', code: KRAKENKIT_CODES.BAD_RESPONSE, cause: error },
    );
  }
}

/** ` (cl_ord_id a, b)`: the client order ids an unknown outcome names for the caller to look up ('' for none). */
function namedClOrdIds(clOrdIds: readonly unknown[] | undefined): string {
  const ids = (clOrdIds ?? []).filter((id): id is string => typeof id === 'string');
  return ids.length > 0 ? ` (cl_ord_id ${ids.join(', ')})` : '';
}

/** The limiter refused, or the caller aborted while waiting for budget: nothing left the process. */
function notSentBeforeLimiter(error: unknown, method: string, signal: AbortSignal | undefined): unknown {
  if (error instanceof KrakenkitError || signal?.aborted !== true) return error;
  const endpoint = `ws:${method}`;
  return new TransportError(`${endpoint}: aborted while waiting for rate budget, the request was not sent`, {
    endpoint,
    outcome: 'not-sent',
    code: KRAKENKIT_CODES.ABORTED,
    cause: error,
  });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
