// The WebSocket v2 order, validated once as the REST order is (the public names; core's root entry re-exports them).
export {
  type ParseWsOrderOptions,
  parseWsOrder,
  parseWsOrderBatch,
} from './parse-ws-order.js';
export {
  isValidatedWsOrder,
  isValidatedWsOrderBatch,
  type ValidatedWsConditional,
  type ValidatedWsOrder,
  type ValidatedWsOrderBatch,
  type ValidatedWsOrderFields,
  type ValidatedWsTriggers,
} from './validated-ws-order.js';
export {
  WS_FEE_PREFERENCES,
  WS_ORDER_FIELD_NAMES,
  WS_ORDER_TYPES,
  WS_PRICE_TYPES,
  WS_STP_TYPES,
  WS_TIME_IN_FORCE,
  type WsAddOrderParams,
  type WsBatchAddParams,
  type WsConditional,
  type WsFeePreference,
  type WsOrderFields,
  type WsOrderType,
  type WsPriceType,
  type WsStpType,
  type WsTimeInForce,
  type WsTriggers,
} from './ws-order-types.js';
