/**
 * A transport over WHATWG `fetch` (the global one, or one you pass). It exists for test suites that mock HTTP
 * with msw, which intercepts `fetch` but not undici's own dispatcher; in production the Pool transport is cheaper.
 *
 * `fetch` does not say whether a request reached the wire, so only failures that certainly happened before
 * (the signal was already aborted, the connection could not be opened) are reported as not sent; every other
 * failure, aborts and timeouts included, leaves the outcome unknown.
 */
import { Buffer } from 'node:buffer';
import {
  RequestNotSentError,
  ResponseTooLargeError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './types.js';

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** Origin (and optional path prefix) of the API, e.g. `https://api.kraken.com`. */
  baseUrl: string;
  /** The fetch to use; default `globalThis.fetch`, looked up per call so msw's patch applies whenever installed. */
  fetch?: typeof fetch;
}

// Errors from opening the connection: the request bytes never left the process.
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Creates the fetch transport. */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const given = options.fetch;
  return {
    send: (request) => send(given ?? globalThis.fetch, base, request),
    handlesTimeout: true,
  };
}

async function send(
  fetchImpl: typeof fetch,
  base: string,
  request: TransportRequest,
): Promise<TransportResponse> {
  if (request.signal?.aborted) {
    throw new RequestNotSentError('aborted before the request was sent', { cause: request.signal.reason });
  }
  const signal = combinedSignal(request.signal, request.timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(base + request.path, {
      method: request.method,
      headers: request.headers,
      // A redirect is never followed: fetch would repeat the signed headers (and on a 307/308 the signed body) to
      // wherever it points. The 3xx comes back as the answer, which the client reports as a non-Kraken status.
      redirect: 'manual',
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (isConnectFailure(error)) throw new RequestNotSentError('connection failed', { cause: error });
    throw error;
  }
  return { status: response.status, body: await boundedText(response, request.maxResponseBytes) };
}

/** The body as text, read no further than `maxBytes` (the rest is cancelled, never buffered). */
async function boundedText(response: Response, maxBytes: number | undefined): Promise<string> {
  if (maxBytes === undefined || response.body === null) return response.text();
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, declared);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes, received);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}

/** The caller's signal and the timeout as one signal (an aborted fetch rejects with the signal's reason). */
function combinedSignal(
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

/** True when an error (or one of its causes) is a failure to open the connection. */
export function isConnectFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_FAILURES.has(code)) return true;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some(isConnectFailure)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
