// The base error, ValidationError and ConfigError are @krakenkit/core's (one class each across the packages);
// the errors below are the client's own: Kraken's envelope errors and transport failures.
export {
  ConfigError,
  type ConfigIssue,
  type ErrorCategory,
  formatIssue,
  KRAKENKIT_CODES,
  type KrakenkitCode,
  KrakenkitError,
  type KrakenkitErrorOptions,
  ValidationError,
} from '@krakenkit/core';
export {
  classifyKrakenError,
  type KrakenErrorClass,
  normalizeKrakenCode,
  throttledUntilMs,
} from './classify.js';
export { KrakenError } from './kraken-error.js';
export { PermissionError, RateLimitError } from './local-errors.js';
export {
  type CallOutcome,
  OrderNotPlacedError,
  TransportError,
  UnknownOrderOutcomeError,
} from './transport-error.js';
