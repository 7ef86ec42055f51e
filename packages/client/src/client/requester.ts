import { KRAKENKIT_CODES } from '@krakenkit/core';
import type { Logger } from 'pino';
import type { WireParams } from '../encoding.js';
import type { EndpointDescriptor } from '../endpoints/define.js';
import { wireOf } from '../endpoints/validated-params.js';
import { parseEnvelope } from '../envelope.js';
import { ConfigError, KrakenkitError, TransportError } from '../errors/index.js';
import type { CallStep, JournalStep } from '../nonce/types.js';
import type { RateLimiter, RateTicket } from '../rate-limit/types.js';
import { ORDER_PLACING, withClientOrderIds } from './cl-ord-id.js';
import type { CallOptions, Timers } from './options.js';
import { isAmbiguous, reconcileOrders } from './reconcile-order.js';
import { type RetrySettings, retryDelay } from './retry.js';
import { type KeyContext, type PreparedCall, prepareCall, type SendContext, sendOnce } from './send.js';
import { successOutcome, ticketFor } from './ticket.js';

/** Everything one client's calls share. */
export interface RequesterContext extends SendContext {
  key: KeyContext | undefined;
  limiter: RateLimiter;
  logger: Logger;
  timeoutMs: number;
  retry: RetrySettings;
  reconcileDelayMs: number;
  timers: Timers;
  /** Whether private calls take their nonces from a state store (so a journal step can go with them). */
  sharesKey: boolean;
}

type AnyEndpoint = EndpointDescriptor<unknown, unknown>;

/** Sends typed calls through the whole pipeline (contract steps 1–8). */
export type RequestFn = <P, R>(
  descriptor: EndpointDescriptor<P, R>,
  params: P,
  options?: CallOptions,
) => Promise<R>;

export function createRequester(ctx: RequesterContext): RequestFn {
  const request = async <P, R>(
    descriptor: EndpointDescriptor<P, R>,
    params: P,
    options: CallOptions = {},
  ) => {
    const endpoint = descriptor as AnyEndpoint;
    const wire = checkedWire(ctx, endpoint, params, options);
    const ticket = ticketFor(endpoint, wire);
    // An urgent cancel skips the wait for the pair's counter (it may be refused).
    if (options.urgent === true) ticket.urgent = true;
    const call = prepareCall(endpoint, wire);
    const raw = await attemptWithRetries(ctx, endpoint, call, wire, ticket, options, request);
    if (!endpoint.fromWire) return raw as R;
    const typed = endpoint.fromWire(raw);
    // A reconciled result keeps its mark through the endpoint's typed view.
    if (isReconciled(raw) && typeof typed === 'object' && typed !== null)
      Object.assign(typed, { reconciled: true });
    return typed as R;
  };
  return request;
}

/** Steps 1–3: wire params, key and permission checks (nothing is sent when they fail), client order ids. */
function checkedWire(
  ctx: RequesterContext,
  descriptor: AnyEndpoint,
  params: unknown,
  options: CallOptions,
): WireParams {
  // Params the caller validated ahead (validateParams, as the guarded client does) are sent as they are.
  const wire = wireOf(descriptor, params);
  if (descriptor.access === 'private') {
    if (!ctx.key) {
      throw new KrakenkitError(`${descriptor.name} is a private endpoint and the client has no API key`, {
        code: KRAKENKIT_CODES.NO_KEY,
        category: 'config',
      });
    }
    ctx.key.permit(descriptor);
  }
  if (options.journal !== undefined && !(ctx.sharesKey && descriptor.access === 'private')) {
    throw new ConfigError([
      {
        path: 'journal',
        message: `${descriptor.name}: a journal step needs a private call of a client that shares its key through a store (ClientOptions.store)`,
      },
    ]);
  }
  return ORDER_PLACING.has(descriptor.name) ? withClientOrderIds(descriptor.name, wire) : wire;
}

/** Step 8: retries for idempotent calls, reconciliation for order placement with an unknown outcome. */
async function attemptWithRetries(
  ctx: RequesterContext,
  descriptor: AnyEndpoint,
  call: PreparedCall,
  wire: WireParams,
  ticket: RateTicket,
  options: CallOptions,
  request: RequestFn,
): Promise<unknown> {
  const sentAt = { ms: ctx.timers.now() };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptOnce(ctx, descriptor, call, wire, ticket, options, attempt, sentAt);
    } catch (error) {
      const delay = retryDelay(error, attempt, descriptor.idempotent, ctx.retry, ctx.timers);
      if (delay !== undefined) {
        ctx.logger.debug(
          { endpoint: descriptor.name, attempt, code: codeOf(error), delayMs: delay },
          'retrying',
        );
        // Aborted during the backoff: the caller gets the failure that led to it.
        await ctx.timers.sleep(delay, options.signal).catch(() => {
          throw error;
        });
        continue;
      }
      if (descriptor.idempotent || !ORDER_PLACING.has(descriptor.name) || !isAmbiguous(error)) throw error;
      ctx.logger.warn(
        { endpoint: descriptor.name, code: codeOf(error) },
        'order outcome unknown: reconciling',
      );
      return reconcileOrders(descriptor.name, wire, error, {
        query: (lookup, params) => request(lookup, params),
        sleep: (ms) => ctx.timers.sleep(ms),
        now: ctx.timers.now,
        delayMs: ctx.reconcileDelayMs,
        sentAtMs: sentAt.ms,
        logger: ctx.logger,
      });
    }
  }
}

/** Steps 4–7 for one attempt: limiter, ordered send, envelope, feedback to the limiter. */
async function attemptOnce(
  ctx: RequesterContext,
  descriptor: AnyEndpoint,
  call: PreparedCall,
  wire: WireParams,
  ticket: RateTicket,
  options: CallOptions,
  attempt: number,
  sentAt: { ms: number },
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
  let reachedSend = false;
  try {
    const sent = await ctx.limiter.run(
      ticket,
      (admission) => {
        reachedSend = true;
        const step = callStepOf(admission, options.journal);
        return sendOnce(ctx, ctx.key, call, options.signal, timeoutMs, ctx.timers.now, step);
      },
      options.signal,
    );
    sentAt.ms = sent.sentAt;
    logCall(
      ctx.logger,
      call.endpoint,
      sent.nonce,
      sent.response.status,
      ctx.timers.now() - sent.sentAt,
      attempt,
    );
    const { result, warnings } = parseEnvelope(sent.response.status, sent.response.body, call.endpoint);
    // An answer without what the method must return is no success: for an order it is an unknown outcome.
    const missing = descriptor.resultNeeds?.(result, wire);
    if (missing !== undefined) throw incompleteResult(call.endpoint, missing);
    if (warnings.length > 0) ctx.logger.warn({ endpoint: call.endpoint, warnings }, 'Kraken warnings');
    ctx.limiter.observe(ticket, successOutcome(ticket, wire, result));
    return result;
  } catch (error) {
    if (!reachedSend) throw notSentBeforeLimiter(error, call.endpoint, options.signal);
    ctx.limiter.observe(ticket, { ok: false, errorCode: codeOf(error) ?? KRAKENKIT_CODES.TRANSPORT });
    if (ctx.logger.isLevelEnabled('debug')) {
      const outcome = error instanceof TransportError ? error.outcome : undefined;
      ctx.logger.debug(
        { endpoint: call.endpoint, attempt, code: codeOf(error), outcome },
        'kraken call failed',
      );
    }
    throw error;
  }
}

/** What the call's nonce source takes with its slot: the limiter's shared charge and the caller's journal step. */
function callStepOf(admission: CallStep | undefined, journal: JournalStep | undefined): CallStep | undefined {
  if (journal === undefined) return admission;
  return admission === undefined ? { journal } : { ...admission, journal };
}

function incompleteResult(endpoint: string, missing: string): TransportError {
  return new TransportError(
    `${endpoint}: the answer reports success but ${missing}; the outcome is unknown`,
    {
      endpoint,
      outcome: 'unknown',
      code: KRAKENKIT_CODES.BAD_RESPONSE,
    },
  );
}

/** The limiter refused or the caller aborted while waiting for budget: nothing left the process. */
function notSentBeforeLimiter(error: unknown, endpoint: string, signal: AbortSignal | undefined): unknown {
  if (error instanceof KrakenkitError || signal?.aborted !== true) return error;
  return new TransportError(`${endpoint}: aborted while waiting for rate budget, the request was not sent`, {
    endpoint,
    outcome: 'not-sent',
    code: KRAKENKIT_CODES.ABORTED,
    cause: error,
  });
}

function logCall(
  logger: Logger,
  endpoint: string,
  nonce: string | undefined,
  status: number,
  ms: number,
  attempt: number,
): void {
  if (!logger.isLevelEnabled('debug')) return;
  logger.debug({ endpoint, nonce, status, ms, attempt }, 'kraken call');
}

function isReconciled(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { reconciled?: unknown }).reconciled === true
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
