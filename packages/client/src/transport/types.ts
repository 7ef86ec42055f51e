/**
 * A transport moves already-signed bytes and brings back the status and bytes of the answer. It knows nothing
 * of Kraken: signing, nonces, rate limits and envelopes live above it. The undici Pool transport is the default;
 * the fetch transport exists for msw test suites; the mock exchange offers an in-process one.
 */
export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Path with query string, e.g. `/0/public/Ticker?pair=XBTUSD` or `/0/private/AddOrder`. */
  path: string;
  headers: Record<string, string>;
  /** The exact bytes that were signed, for POST. */
  body?: string;
  signal?: AbortSignal;
  /**
   * Give up after this many ms and reject with an error named `TimeoutError` (the outcome is then unknown if the
   * request was already written). A transport may implement it more cheaply than an AbortSignal per request.
   */
  timeoutMs?: number;
  /**
   * Give up on an answer whose body exceeds this many bytes and reject with {@link ResponseTooLargeError}: a
   * hostile or broken peer must not make the client buffer without end (and hold the key's lane meanwhile).
   */
  maxResponseBytes?: number;
}

/** What a transport brings back: the HTTP status and the body text. */
export interface TransportResponse {
  status: number;
  body: string;
}

/** Moves signed request bytes to the API and brings back the answer (see the module comment above). */
export interface Transport {
  /** Sends one request; rejects with RequestNotSentError when it certainly did not leave the process. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases the transport's connections. */
  close?(): Promise<void>;
  /**
   * `true` when `send` enforces `TransportRequest.timeoutMs` itself. Otherwise the client folds the timeout into
   * `signal` (AbortSignal.timeout), which every transport that honours `signal` understands.
   */
  readonly handlesTimeout?: boolean;
}

/**
 * A transport throws this (or any error with `sent: false`) when it knows the request never left the process:
 * the client may then retry safely. Any other failure means the outcome is unknown.
 */
export class RequestNotSentError extends Error {
  override name = 'RequestNotSentError';
  readonly sent = false;
}

/**
 * A transport throws this when the answer's body is larger than `maxResponseBytes`. The request was sent, so its
 * outcome is unknown; the body is not read any further.
 */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';

  constructor(
    /** The bound that was exceeded (bytes). */
    readonly limitBytes: number,
    /** How many bytes had arrived, or the declared Content-Length, when the transport gave up. */
    readonly receivedBytes: number,
  ) {
    super(`the answer is larger than ${limitBytes} bytes (${receivedBytes} bytes seen); it was not read`);
  }
}
