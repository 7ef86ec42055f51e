export { type ErrorCategory, KrakenkitError, type KrakenkitErrorOptions } from './base.js';
export {
  classifyKrakenError,
  type KrakenErrorClass,
  normalizeKrakenCode,
  throttledUntilMs,
} from './classify.js';
export { KrakenError } from './kraken-error.js';
export {
  ConfigError,
  type ConfigIssue,
  formatIssue,
  PermissionError,
  RateLimitError,
  ValidationError,
} from './local-errors.js';
export {
  type CallOutcome,
  OrderNotPlacedError,
  TransportError,
  UnknownOrderOutcomeError,
} from './transport-error.js';
