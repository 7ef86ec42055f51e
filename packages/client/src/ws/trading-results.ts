import { KrakenError } from '../errors/index.js';
import { WsProtocolError } from './errors.js';
import type { MethodResponse } from './messages.js';
import { FieldError, readList, readRecord, type SpecRecord } from './wire-fields.js';

/** Results of the WebSocket v2 trading methods, read from the `result` of Kraken's response. */

const addResultSpec = {
  required: { order_id: 'string' },
  optional: { cl_ord_id: 'string', order_userref: 'int', warnings: 'strings' },
} as const;
const amendResultSpec = {
  required: { amend_id: 'string' },
  optional: { order_id: 'string', cl_ord_id: 'string', warnings: 'strings' },
} as const;
const cancelledSpec = {
  required: {},
  optional: { order_id: 'string', cl_ord_id: 'string', warnings: 'strings' },
} as const;
const countSpec = { required: {}, optional: { count: 'int' } } as const;
const batchCancelSpec = { required: {}, optional: { count: 'int', orders_cancelled: 'int' } } as const;
const cancelAfterSpec = { required: { currentTime: 'string', triggerTime: 'string' }, optional: {} } as const;

/** The answer to `add_order`. */
export type WsAddOrderResult = SpecRecord<typeof addResultSpec>;
/** The answer to `amend_order`. */
export type WsAmendOrderResult = SpecRecord<typeof amendResultSpec>;
/** One cancelled order in the answer to `cancel_order`. */
export type WsCancelledOrder = SpecRecord<typeof cancelledSpec>;
/** The answer to `cancel_all_orders_after`: the server time and when orders will be cancelled. */
export type WsCancelAfterResult = SpecRecord<typeof cancelAfterSpec>;

/** cancel_order answers once per order: the ones cancelled and the errors of the others. */
export interface WsCancelOrderResult {
  cancelled: WsCancelledOrder[];
  /** Kraken's error string for each order that could not be cancelled. */
  failed: string[];
}

/** How many orders a `cancel_all` or `batch_cancel` cancelled. */
export interface WsCountResult {
  count: number;
}

/** The endpoint name errors carry, e.g. `ws:add_order`. */
export function endpointOf(method: string): string {
  return `ws:${method}`;
}

/** Throws KrakenError (Kraken's exact string as code) when the response is a failure. */
export function successOrThrow(response: MethodResponse): MethodResponse {
  if (response.success) return response;
  throw new KrakenError([response.error ?? 'EGeneral:Unknown error'], endpointOf(response.method));
}

function read<T>(method: string, reader: () => T): T {
  try {
    return reader();
  } catch (error) {
    if (error instanceof FieldError) {
      throw new WsProtocolError(`result${error.path}`, `${endpointOf(method)}: ${error.message}`, '');
    }
    throw error;
  }
}

export function readAddOrderResult(response: MethodResponse): WsAddOrderResult {
  const ok = successOrThrow(response);
  return read(ok.method, () => readRecord(ok.result, addResultSpec, ''));
}

export function readBatchAddResult(response: MethodResponse): WsAddOrderResult[] {
  const ok = successOrThrow(response);
  return read(ok.method, () => readList(ok.result, addResultSpec, ''));
}

export function readAmendOrderResult(response: MethodResponse): WsAmendOrderResult {
  const ok = successOrThrow(response);
  return read(ok.method, () => readRecord(ok.result, amendResultSpec, ''));
}

/** Throws only when every order failed (a KrakenError listing each string); otherwise reports both lists. */
export function readCancelOrderResult(responses: readonly MethodResponse[]): WsCancelOrderResult {
  const cancelled: WsCancelledOrder[] = [];
  const failed: string[] = [];
  for (const response of responses) {
    if (response.success) {
      cancelled.push(read(response.method, () => readRecord(response.result ?? {}, cancelledSpec, '')));
    } else {
      failed.push(response.error ?? 'EGeneral:Unknown error');
    }
  }
  if (cancelled.length === 0 && failed.length > 0) throw new KrakenError(failed, endpointOf('cancel_order'));
  return { cancelled, failed };
}

export function readCountResult(response: MethodResponse): WsCountResult {
  const ok = successOrThrow(response);
  if (ok.method === 'batch_cancel') {
    const result = read(ok.method, () => readRecord(ok.result ?? {}, batchCancelSpec, ''));
    return { count: result.count ?? result.orders_cancelled ?? 0 };
  }
  return { count: read(ok.method, () => readRecord(ok.result ?? {}, countSpec, '')).count ?? 0 };
}

export function readCancelAfterResult(response: MethodResponse): WsCancelAfterResult {
  const ok = successOrThrow(response);
  return read(ok.method, () => readRecord(ok.result, cancelAfterSpec, ''));
}
