import { KRAKENKIT_CODES } from '@krakenkit/core';
import type { Logger } from 'pino';
import type { WireParams } from '../encoding.js';
import type { EndpointDescriptor } from '../endpoints/define.js';
import { wireOf } from '../endpoints/validated-params.js';
import { parseEnvelope } from '../envelope.js';
import { ConfigError, KrakenkitError, TransportError } from '../errors/index.js';
import type { CallStep, JournalStep } from '../nonce/types.js';
import { PRIORITY, type RateLimiter, type RateTicket } from '../rate-limit/types.js';
import type { TransportResponse } from '../transport/types.js';
import { ORDER_PLACING, withClientOrderIds } from './cl-ord-id.js';
import type { CallOptions, Timers } from './options.js';
import { isAmbiguous, reconcileOrders } from './reconcile-order.js';
import { type RetrySettings, retryDelay } from './retry.js';
import {
  type KeyContext,
  type PreparedCall,
  prepareCall,
  type SendAttempt,
  type SendContext,
  sendOnce,
  transportFailure,
} from './send.js';
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

const NO_OPTIONS: CallOptions = Object.freeze({});

export function createRequester(ctx: RequesterContext): RequestFn {
  const request = <P, R>(descriptor: EndpointDescriptor<P, R>, params: P, options?: CallOptions) => {
    let call: Call;
    try {
      call = new Call(ctx, descriptor as AnyEndpoint, params, options ?? NO_OPTIONS, request);
    } catch (error) {
      return Promise.reject(error);
    }
    return call.attempt() as Promise<R>;
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

/**
 * One call after its checks (steps 4–8): each attempt goes through the limiter and the key's lane, its answer is
 * read from the envelope and reported to the limiter; a failure is retried (idempotent calls) or reconciled (an
 * order whose outcome is unknown). Each stage is one promise reaction, so an answer reaches the caller in as few
 * turns as the transport allows.
 */
class Call implements SendAttempt {
  private readonly wire: WireParams;
  private readonly ticket: RateTicket;
  private readonly prepared: PreparedCall;
  private attempts = 0;
  /** Whether the current attempt got past the limiter (else nothing was sent and the limiter saw nothing). */
  private reachedSend = false;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  step: CallStep | undefined;
  nonce: string | undefined;
  /** When the current attempt was handed to the transport (epoch ms). */
  sentAt = 0;
  /** Reconciliation looks for orders placed from then: the call's start, or the send of the last answered attempt. */
  private reconcileFrom: number;

  constructor(
    private readonly ctx: RequesterContext,
    private readonly descriptor: AnyEndpoint,
    params: unknown,
    private readonly options: CallOptions,
    private readonly request: RequestFn,
  ) {
    this.wire = checkedWire(ctx, descriptor, params, options);
    this.ticket = ticketFor(descriptor, this.wire);
    if (options.urgent === true) this.ticket.urgent = true;
    if (options.failFast === true) this.ticket.failFast = true;
    if (options.background === true && this.ticket.rate.kind === 'rest') {
      this.ticket.background = true;
      this.ticket.priority = PRIORITY.background;
    }
    this.prepared = prepareCall(descriptor, this.wire);
    this.signal = options.signal;
    this.timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
    this.reconcileFrom = ctx.timers.now();
  }

  /** Steps 4–7 for one attempt: limiter, ordered send, envelope, feedback to the limiter. */
  attempt(): Promise<unknown> {
    this.attempts += 1;
    this.reachedSend = false;
    this.nonce = undefined;
    let sent: Promise<TransportResponse>;
    try {
      sent = this.ctx.limiter.run(this.ticket, (admission) => this.send(admission), this.signal);
    } catch (error) {
      sent = Promise.reject(error);
    }
    return sent.then(
      (response) => this.answered(response),
      (error: unknown) => this.failed(this.sendFailure(error)),
    );
  }

  private send(admission: CallStep | undefined): Promise<TransportResponse> {
    this.reachedSend = true;
    this.step = callStepOf(admission, this.options.journal);
    return sendOnce(this.ctx, this.ctx.key, this.prepared, this, this.ctx.timers.now);
  }

  private answered(response: TransportResponse): unknown {
    const { ctx, prepared, ticket, wire } = this;
    this.reconcileFrom = this.sentAt;
    if (ctx.logger.isLevelEnabled('debug')) this.logAnswer(response.status);
    let result: unknown;
    try {
      const parsed = parseEnvelope(
        response.status,
        response.body,
        prepared.endpoint,
        this.descriptor.idempotent,
      );
      result = parsed.result;
      // An answer without what the method must return is no success: for an order it is an unknown outcome.
      const missing = this.descriptor.resultNeeds?.(result, wire);
      if (missing !== undefined) throw incompleteResult(prepared.endpoint, missing);
      if (parsed.warnings.length > 0) {
        ctx.logger.warn({ endpoint: prepared.endpoint, warnings: parsed.warnings }, 'Kraken warnings');
      }
      ctx.limiter.observe(ticket, successOutcome(ticket, wire, result));
    } catch (error) {
      return this.failed(error);
    }
    return this.typed(result);
  }

  /** What a failed send means: the limiter refused or the caller aborted first, or what is known of its outcome. */
  private sendFailure(error: unknown): unknown {
    const { endpoint } = this.prepared;
    if (!this.reachedSend) return notSentBeforeLimiter(error, endpoint, this.signal);
    return transportFailure(error, endpoint, this.signal, this.timeoutMs);
  }

  /** Step 8: retries for idempotent calls, reconciliation for order placement with an unknown outcome. */
  private failed(error: unknown): Promise<unknown> {
    const { ctx, descriptor, prepared } = this;
    if (this.reachedSend) {
      ctx.limiter.observe(this.ticket, { ok: false, errorCode: codeOf(error) ?? KRAKENKIT_CODES.TRANSPORT });
      if (ctx.logger.isLevelEnabled('debug')) {
        const outcome = error instanceof TransportError ? error.outcome : undefined;
        ctx.logger.debug(
          { endpoint: prepared.endpoint, attempt: this.attempts, code: codeOf(error), outcome },
          'kraken call failed',
        );
      }
    }
    const delay = retryDelay(error, this.attempts, descriptor.idempotent, ctx.retry, ctx.timers);
    if (delay !== undefined) {
      ctx.logger.debug(
        { endpoint: descriptor.name, attempt: this.attempts, code: codeOf(error), delayMs: delay },
        'retrying',
      );
      // Aborted during the backoff: the caller gets the failure that led to it.
      return ctx.timers.sleep(delay, this.signal).then(
        () => this.attempt(),
        () => Promise.reject(error),
      );
    }
    if (descriptor.idempotent || !ORDER_PLACING.has(descriptor.name) || !isAmbiguous(error)) {
      return Promise.reject(error);
    }
    ctx.logger.warn({ endpoint: descriptor.name, code: codeOf(error) }, 'order outcome unknown: reconciling');
    return reconcileOrders(descriptor.name, this.wire, error, {
      query: (lookup, params) => this.request(lookup, params),
      sleep: (ms) => ctx.timers.sleep(ms),
      now: ctx.timers.now,
      delayMs: ctx.reconcileDelayMs,
      sentAtMs: this.reconcileFrom,
      logger: ctx.logger,
    }).then((raw) => this.typed(raw));
  }

  private logAnswer(status: number): void {
    const { ctx, prepared } = this;
    const ms = ctx.timers.now() - this.sentAt;
    ctx.logger.debug(
      { endpoint: prepared.endpoint, nonce: this.nonce, status, ms, attempt: this.attempts },
      'kraken call',
    );
  }

  /** The endpoint's typed view of a raw result; a reconciled result keeps its mark through it. */
  private typed(raw: unknown): unknown {
    const { fromWire } = this.descriptor;
    if (!fromWire) return raw;
    const typed = fromWire(raw);
    if (isReconciled(raw) && typeof typed === 'object' && typed !== null)
      Object.assign(typed, { reconciled: true });
    return typed;
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

function isReconciled(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { reconciled?: unknown }).reconciled === true
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
