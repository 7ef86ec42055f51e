/**
 * @krakenkit/core — the shared floor every krakenkit package stands on: money with one Decimal configuration,
 * errors with stable codes, the order validated once (`parseOrder` → `ValidatedOrder`), pair lookups, config
 * issues with file:line:column, a bounded YAML reader, and Kraken's tier, margin-allowance and fee tables shipped
 * as data files (`@krakenkit/core/data/*.yaml`). Everything public is exported here.
 */

// Config: located issues and the bounded YAML reader
export {
  dotted,
  issuesFromZod,
  type Locator,
  MAX_ISSUES,
  type Place,
  sortByPlace,
  undotted,
  unknownKeyIssue,
  withPlace,
} from './config/config-issues.js';
export { parseYamlSource, type YamlSource } from './config/yaml-source.js';
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
export { moneySchema } from './money/money-schema.js';
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
// Params: the checks every endpoint's fields go through
export {
  arrayOf,
  commaList,
  intInRange,
  oneOf,
  toAsset,
  toBool,
  toId,
  toName,
  toNonNegativeInt,
  toPair,
  toTimeOrId,
} from './params/basic-fields.js';
export {
  type PriceForm,
  price,
  priceOrOffset,
  timeSpec,
  toClOrdId,
  toDeadline,
  toOrderFlags,
  toUserref,
} from './params/order-fields.js';
export { readParams } from './params/params-object.js';
export { type Converter, sortKeys, WireBuilder } from './params/wire-builder.js';
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
export {
  allowanceRowsSchema,
  allowanceTableSchema,
  feeScheduleSchema,
  tierTableSchema,
  tradingCounterSchema,
} from './tables/table-schemas.js';
export { isTierName, TIER_NAMES, type TierName } from './tables/tier-names.js';
export type { TierInput, TierTableInput } from './tables/tier-table.js';
