/**
 * `@krakenkit/client/transport` — how requests travel: the `Transport` interface (send signed bytes, get the
 * status and body back) for `ClientOptions.transport`, the default undici `Pool` transport, the fetch transport
 * (the one msw intercepts), the errors a transport throws to tell the client a request was certainly not sent or
 * its answer was too large, and the retry settings for idempotent calls.
 *
 * The errors a caller of the client catches (`TransportError` with its `outcome`) are in the root entry.
 *
 * @module @krakenkit/client/transport
 */

export { DEFAULT_RETRY, type RetrySettings } from '../client/retry.js';
export { createFetchTransport, type FetchTransportOptions, isConnectFailure } from './fetch.js';
export {
  RequestNotSentError,
  ResponseTooLargeError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './types.js';
export { createPoolTransport, type PoolTransportOptions } from './undici-pool.js';
