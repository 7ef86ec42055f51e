import type { MockExchange } from '../exchange.js';

/**
 * The client's Transport contract (packages/client/src/transport/types.ts), restated structurally so the
 * mock has no build-time dependency on the client: a `MockTransport` is assignable to the client's `Transport`.
 */
export interface TransportRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Give up waiting for the answer after this long (ms): only a fault's delay ever makes it wait. */
  timeoutMs?: number;
}

export interface TransportResponse {
  status: number;
  body: string;
}

/** A client transport answered in-process by the exchange: no HTTP, no sockets. */
export interface MockTransport {
  /** Hands one signed request to the exchange and returns its answer. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Nothing to release; present so the transport fits the client's interface. */
  close?(): Promise<void>;
  /**
   * True: it enforces `timeoutMs` itself (only a fault's delay waits), so the client makes no AbortSignal and timer
   * per request (a backtest sends tens of thousands). A wrapper that leaves it out gets the client's signal instead.
   */
  readonly handlesTimeout?: boolean;
}

/**
 * Thrown by the in-process transport when a fault drops the connection. Its outcome is unknown to the caller
 * (the request reached the exchange: for `lost-response` it even took effect), like a TransportError with
 * outcome `unknown`; it deliberately has no `sent: false`.
 */
export class MockTransportError extends Error {
  override name = 'MockTransportError';
  readonly code = 'ECONNRESET';
  readonly outcome = 'unknown' as const;
}

/** Thrown when the caller's signal was aborted before the request was handed over: nothing happened. */
export class MockRequestNotSentError extends Error {
  override name = 'MockRequestNotSentError';
  readonly sent = false;
}

/** Options of {@link mockTransport}. */
export interface MockTransportOptions {
  /** Remote address the exchange sees (IP allowlists). Default 127.0.0.1. */
  ip?: string;
}

/** A `Transport` for `createClient` that calls the exchange core directly: no HTTP, same bytes, same faults. */
export function mockTransport(exchange: MockExchange, options: MockTransportOptions = {}): MockTransport {
  return {
    handlesTimeout: true,
    async send(request: TransportRequest): Promise<TransportResponse> {
      if (request.signal?.aborted) throw new MockRequestNotSentError('aborted before sending');
      const response = exchange.handle({
        method: request.method,
        path: request.path,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ip: options.ip ?? '127.0.0.1',
      });
      if (response.delayMs > 0) await sleep(response.delayMs, request.signal, request.timeoutMs);
      if (response.drop !== undefined) {
        throw new MockTransportError(
          response.drop === 'lost' ? 'connection reset after the request was processed' : 'connection reset',
        );
      }
      return { status: response.status, body: response.body };
    },
  };
}

// A fault's delay: cut short by the caller's signal or by the request's timeout (an error named TimeoutError
// as its cause, as real transports report one); either way the request was processed, so the outcome is unknown.
function sleep(ms: number, signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      clearTimeout(deadline);
      reject(new MockTransportError('aborted while waiting for the answer'));
    };
    const timer = setTimeout(() => {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (timeoutMs !== undefined && timeoutMs < ms)
      deadline = setTimeout(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(
          new MockTransportError(`no answer within ${timeoutMs} ms`, {
            cause: new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'),
          }),
        );
      }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
