import { KRAKENKIT_CODES } from '@krakenkit/core';
import { type BodyWithNonce, encodeQuery, preparePrivateBody, type WireParams } from '../encoding.js';
import type { EndpointDescriptor } from '../endpoints/define.js';
import { KrakenkitError, TransportError } from '../errors/index.js';
import type { Permission } from '../keys/permissions.js';
import type { CallStep } from '../nonce/types.js';
import type { RequestSigner } from '../signing.js';
import {
  ResponseTooLargeError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../transport/types.js';
import type { KeyLane } from './key-lane.js';

const CONTENT_TYPE = {
  form: 'application/x-www-form-urlencoded; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** The key as the pipeline holds it: the secret only survives inside `sign`. */
export interface KeyContext {
  name: string;
  apiKey: string;
  sign: RequestSigner;
  granted: ReadonlySet<Permission>;
  /** Throws PermissionError when the key may not call the endpoint. */
  permit: (descriptor: Pick<EndpointDescriptor<unknown, unknown>, 'name' | 'permissions'>) => void;
  lane: KeyLane;
  otp: (() => string) | undefined;
}

export interface SendContext {
  transport: Transport;
  userAgent: string;
  /** Largest answer body a transport reads for us (bytes). */
  maxResponseBytes: number;
}

/** A call encoded once, sent once per attempt. */
export interface PreparedCall {
  endpoint: string;
  path: string;
  /** Private calls: completes the body with the nonce. */
  body: BodyWithNonce | undefined;
  contentType: string | undefined;
}

/** One attempt as it is sent: how (the caller's signal, its timeout, the store step) and what it records. */
export interface SendAttempt {
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  /** Work a store nonce source takes with the call's slot. */
  readonly step: CallStep | undefined;
  /** Set on the way out: the nonce the attempt was signed with (private calls). */
  nonce: string | undefined;
  /** Set on the way out: when the request was handed to the transport (epoch ms). */
  sentAt: number;
}

/** Encodes the params for the wire (query string for public calls, a body template for private ones). */
export function prepareCall(
  descriptor: EndpointDescriptor<unknown, unknown>,
  wire: WireParams,
): PreparedCall {
  if (descriptor.access === 'public') {
    const query = encodeQuery(wire);
    const path = `/0/public/${descriptor.name}${query === '' ? '' : `?${query}`}`;
    return { endpoint: descriptor.name, path, body: undefined, contentType: undefined };
  }
  const encoding = descriptor.encoding === 'json' ? 'json' : 'form';
  return {
    endpoint: descriptor.name,
    path: `/0/private/${descriptor.name}`,
    body: preparePrivateBody(encoding, wire),
    contentType: CONTENT_TYPE[encoding],
  };
}

/**
 * One attempt. Private calls go through the key's lane: nonce, body, signature and the hand-off to the transport
 * happen together and in order; the nonce and the send time are recorded on `attempt`. Rejects with what the lane
 * or the transport threw: {@link transportFailure} says what is known of the outcome (the caller types it there,
 * so an answer reaches it without a promise turn of its own here).
 */
export function sendOnce(
  ctx: SendContext,
  key: KeyContext | undefined,
  call: PreparedCall,
  attempt: SendAttempt,
  now: () => number,
): Promise<TransportResponse> {
  if (call.body === undefined || key === undefined) {
    const request = publicRequest(ctx, call, attempt.signal, attempt.timeoutMs);
    attempt.sentAt = now();
    return ctx.transport.send(request);
  }
  const complete = call.body;
  return key.lane.run(
    (nonce) => {
      const body = complete(nonce, key.otp?.());
      const request = privateRequest(ctx, key, call, body, nonce, attempt.signal, attempt.timeoutMs);
      attempt.nonce = nonce;
      attempt.sentAt = now();
      // transport.send is called synchronously here, inside the lane's turn: requests leave in nonce order.
      return ctx.transport.send(request);
    },
    attempt.signal,
    attempt.timeoutMs,
    attempt.step,
  );
}

function publicRequest(
  ctx: SendContext,
  call: PreparedCall,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): TransportRequest {
  const request: TransportRequest = {
    method: 'GET',
    path: call.path,
    headers: { 'User-Agent': ctx.userAgent },
    maxResponseBytes: ctx.maxResponseBytes,
  };
  return withDeadline(ctx.transport, request, signal, timeoutMs);
}

function privateRequest(
  ctx: SendContext,
  key: KeyContext,
  call: PreparedCall,
  body: string,
  nonce: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): TransportRequest {
  const headers = {
    'API-Key': key.apiKey,
    'API-Sign': key.sign(call.path, nonce, body),
    'Content-Type': call.contentType as string,
    'User-Agent': ctx.userAgent,
  };
  const request: TransportRequest = {
    method: 'POST',
    path: call.path,
    headers,
    body,
    maxResponseBytes: ctx.maxResponseBytes,
  };
  return withDeadline(ctx.transport, request, signal, timeoutMs);
}

/**
 * Bounds the exchange: our transports take `timeoutMs` and enforce it with timers (an AbortController per request
 * costs more than the rest of the client's work); any other transport gets it folded into the signal.
 */
function withDeadline(
  transport: Transport,
  request: TransportRequest,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): TransportRequest {
  if (transport.handlesTimeout) {
    request.timeoutMs = timeoutMs;
    if (signal) request.signal = signal;
    return request;
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  request.signal = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return request;
}

/** Wraps a transport failure with what is known of its outcome; krakenkit errors pass through unchanged. */
export function transportFailure(
  error: unknown,
  endpoint: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): KrakenkitError {
  if (error instanceof KrakenkitError) return error;
  if (error instanceof ResponseTooLargeError) {
    return new TransportError(`${endpoint}: ${error.message}; the outcome is unknown`, {
      endpoint,
      outcome: 'unknown',
      code: KRAKENKIT_CODES.RESPONSE_TOO_LARGE,
      cause: error,
    });
  }
  const notSent = (error as { sent?: unknown } | null)?.sent === false;
  const why = signal?.aborted ? 'aborted' : isTimeout(error) ? 'timeout' : 'failed';
  const what =
    why === 'timeout' ? `no answer within ${timeoutMs} ms` : why === 'aborted' ? 'aborted' : 'request failed';
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new TransportError(
    `${endpoint}: ${what}, ${notSent ? 'the request was not sent' : 'the outcome is unknown'}${detail}`,
    {
      endpoint,
      outcome: notSent ? 'not-sent' : 'unknown',
      code:
        why === 'timeout'
          ? KRAKENKIT_CODES.TIMEOUT
          : why === 'aborted'
            ? KRAKENKIT_CODES.ABORTED
            : KRAKENKIT_CODES.TRANSPORT,
      cause: error,
    },
  );
}

/** Transports report their timeout as an error (or the cause of one) named `TimeoutError`. */
function isTimeout(error: unknown): boolean {
  const named = (value: unknown) => (value as { name?: unknown } | null)?.name === 'TimeoutError';
  return named(error) || named((error as { cause?: unknown } | null)?.cause);
}
