/**
 * `@krakenkit/core` — the shared floor every krakenkit package stands on, as vocabulary: money with one Decimal
 * configuration, errors with stable codes, the order validated once (`parseOrder` → `ValidatedOrder`), pair
 * lookups, and Kraken's tier, margin-allowance and fee tables shipped as data files (`@krakenkit/core/data/*.yaml`).
 *
 * Two more entries hold the machinery the other packages build with: `@krakenkit/core/params` (the strict checks
 * of endpoint fields) and `@krakenkit/core/config` (config loaders with file:line:column issues, the bounded YAML
 * reader, zod schemas). Anything not exported by one of the three entries may change freely.
 *
 * @module @krakenkit/core
 */

// Errors
export { type ErrorCategory, KrakenkitError, type KrakenkitErrorOptions } from './errors/base.js';
export { KRAKENKIT_CODES, type KrakenkitCode, type ValidationCode } from './errors/codes.js';
export { ConfigError, type ConfigIssue, formatIssue } from './errors/config-error.js';
export { describeValue } from './errors/describe-value.js';
export { ValidationError } from './errors/validation-error.js';
// Money
export { asSharedDecimal, DECIMAL_CONFIG, Decimal, type DecimalInput, ZERO } from './money/decimal.js';
export {
  isDecimalString,
  toDecimal,
  toOptionalDecimal,
  toOptionalWireDecimal,
  toWireDecimal,
  type WireDecimalOptions,
} from './money/decimal-text.js';
// Orders
export { parseLeverage } from './orders/leverage.js';
export {
  ADD_ORDER_FIELD_NAMES,
  type AddOrderParams,
  CLOSE_ORDER_TYPES,
  type CloseOrderType,
  ORDER_FIELD_NAMES,
  ORDER_FLAGS,
  ORDER_SIDES,
  ORDER_TYPES,
  type OrderCloseParams,
  type OrderFields,
  type OrderFlag,
  type OrderSide,
  type OrderType,
  oppositeSide,
  PRICE_TRIGGERS,
  type PriceInput,
  type PriceTrigger,
  SELF_TRADE_PREVENTION,
  type SelfTradePrevention,
  TIME_IN_FORCE,
  type TimeInForce,
} from './orders/order-types.js';
export { BATCH_ORDERS_MAX, BATCH_ORDERS_MIN, parseOrder, parseOrderBatch } from './orders/parse-order.js';
export {
  isValidatedOrder,
  isValidatedOrderBatch,
  type OrderPrice,
  type ValidatedClose,
  type ValidatedOrder,
  type ValidatedOrderBatch,
  type ValidatedOrderFields,
} from './orders/validated-order.js';
export * from './orders/ws-order.js';
// Pairs
export {
  type AssetPairRaw,
  type AssetPairsRaw,
  isPairStatus,
  PAIR_STATUSES,
  type PairStatus,
} from './pairs/asset-pairs-raw.js';
export { PairIndex } from './pairs/pair-index.js';
export { type PairInfo, type PairInfoOptions, pairInfoOf } from './pairs/pair-info.js';
// Tables shipped as data
export {
  AllowanceTable,
  type AllowanceTableInput,
  type CurrencyAllowance,
  type CurrencyAllowanceInput,
} from './tables/allowance-table.js';
export type { FeeScheduleInput, FeeTierInput } from './tables/fee-schedule.js';
export {
  loadAllowanceTable,
  loadFeeSchedule,
  loadTierTable,
  shippedTablePath,
  TABLE_FILES,
  type TableName,
} from './tables/load-tables.js';
export { isTierName, TIER_NAMES, type TierName } from './tables/tier-names.js';
export type { TierInput, TierTableInput } from './tables/tier-table.js';
