/**
 * `@krakenkit/core/params`: the strict checks every Kraken endpoint's fields go through, for code that defines
 * endpoints (the client's endpoint files use them; so can a tool that speaks Kraken's wire format). Each check
 * takes the field's name and a value of unknown type and returns the value in its wire form, or throws a
 * `ValidationError` naming the field; `WireBuilder` collects the checked fields of one request in a stable order.
 * Applications do not need this entry: they call the client's endpoint methods, which run these checks.
 *
 * @module @krakenkit/core/params
 */

export { plainTextOf } from '../money/plain-decimal.js';
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
} from './basic-fields.js';
export {
  type PriceForm,
  price,
  priceOrOffset,
  timeSpec,
  toClOrdId,
  toDeadline,
  toOrderFlags,
  toUserref,
} from './order-fields.js';
export { readParams } from './params-object.js';
export { type Converter, sortKeys, WireBuilder } from './wire-builder.js';
