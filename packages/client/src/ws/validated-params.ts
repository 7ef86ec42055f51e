import { sealWire } from '../sealed-wire.js';
import {
  amendOrderWire,
  batchCancelWire,
  cancelOrderWire,
  type WsAmendOrderParams,
  type WsBatchCancelParams,
  type WsCancelOrderParams,
} from './trading-params.js';

declare const validatedWsParamsBrand: unique symbol;

/** The WebSocket trading requests whose params can be validated ahead of the call, by v2 method name. */
export interface WsValidatableParams {
  amend_order: WsAmendOrderParams;
  cancel_order: WsCancelOrderParams;
  batch_cancel: WsBatchCancelParams;
}

/** One of the methods of {@link WsValidatableParams}. */
export type WsValidatableMethod = keyof WsValidatableParams;

/**
 * A request's params checked once by {@link validateWsParams}: the params as the frame carries them (money as
 * Decimals), frozen, typed as the params they came from and branded with their method. The WebSocket client's
 * method for that request sends them without checking them again.
 */
export type ValidatedWsParams<M extends WsValidatableMethod> = WsValidatableParams[M] & {
  readonly [validatedWsParamsBrand]: M;
};

const VALIDATORS: {
  [M in WsValidatableMethod]: (params: WsValidatableParams[M]) => Record<string, unknown>;
} = {
  amend_order: amendOrderWire,
  cancel_order: cancelOrderWire,
  batch_cancel: batchCancelWire,
};

/**
 * Validates an `amend_order`, `cancel_order` or `batch_cancel` request now, exactly as the WebSocket client would
 * when sending it, and answers the checked params: read them (a guard builds its facts from them, not from the
 * caller's object, which is read once), then pass them to the client's method for the same request, which sends
 * them as they are. Hostile input throws a ValidationError naming the field (`ws:amend_order.order_qty`).
 * (Orders, `add_order` and `batch_add`, are validated by @krakenkit/core's parseWsOrder / parseWsOrderBatch.)
 */
export function validateWsParams<M extends WsValidatableMethod>(
  method: M,
  params: WsValidatableParams[M],
): ValidatedWsParams<M> {
  const validate = VALIDATORS[method] as (params: WsValidatableParams[M]) => Record<string, unknown>;
  return sealWire(validate(params), method) as unknown as ValidatedWsParams<M>;
}
