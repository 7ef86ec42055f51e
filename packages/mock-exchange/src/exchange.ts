import type { Account } from './accounts/account.js';
import { post } from './accounts/ledger.js';
import { authenticate, restCost } from './auth/authenticate.js';
import { RawSignedRequest } from './auth/raw-signed-request.js';
import type { AccountConfig } from './config/accounts.js';
import type { PairStatus } from './config/markets.js';
import type { ExchangeContext, ExchangeEvents, SystemStatus, WsTokenGrant } from './context.js';
import { dec } from './core/decimal.js';
import type { Listener } from './core/events.js';
import { E, isKrakenRejection } from './core/rejection.js';
import { parseBody, parseBodyAs, parseForm } from './endpoints/body.js';
import { Params } from './endpoints/params.js';
import { ENDPOINTS_BY_PATH, PRIVATE_ENDPOINTS, PUBLIC_ENDPOINTS } from './endpoints/registry.js';
import type { Endpoint } from './endpoints/types.js';
import type { FaultDecision, FaultInjector } from './faults/faults.js';
import { type BookSnapshot, bookSnapshot } from './market/book.js';
import { executePair } from './orders/execution.js';
import { envelope, header, type MockRequest, type MockResponse } from './request.js';
import { buildContext, type MockExchangeOptions } from './setup.js';

const PATH = /^\/0\/(public|private)\/([A-Za-z]+)(?:\?(.*))?$/;

/** A processed request: the answer, the Kraken error it carries, and the REST counter units it was charged. */
interface Processed {
  response: MockResponse;
  error: string | undefined;
  restCharged: number;
}

/**
 * The mock Kraken exchange core: plain, synchronous and deterministic under its seed. `handle(request)` answers
 * one REST request exactly as Kraken would (envelopes, error strings, signatures, nonces, rate limits, orders,
 * margin, funding); adapters (in-process transport, msw handlers, loopback server) only move bytes.
 */
export class MockExchange {
  readonly ctx: ExchangeContext;
  readonly faults: FaultInjector;
  /** Unexpected exceptions turned into `EGeneral:Internal error` (a mock bug: tests should assert it is empty). */
  readonly internalErrors: unknown[] = [];

  constructor(options: MockExchangeOptions = {}) {
    const ctx = buildContext(options);
    this.ctx = ctx;
    this.faults = ctx.faults;
    this.#scheduleStep(ctx.clock.now() + ctx.settings.stepMs);
  }

  /** Answers one request. Runs the exchange clock forward first (price steps, fills, dead man's switch...). */
  handle(request: MockRequest): MockResponse {
    const now = this.advance();
    // A path without a query string (every private call) is routed by one look-up; the rest by the pattern.
    const routed = ENDPOINTS_BY_PATH.get(request.path);
    if (routed !== undefined) return this.#serve(routed, request, undefined, now);
    const match = PATH.exec(request.path);
    if (match === null) return envelope({ ok: false, errors: [E.unknownMethod] }, undefined, 404);
    const [, access, name, query] = match as unknown as [
      string,
      'public' | 'private',
      string,
      string | undefined,
    ];
    const endpoint: Endpoint | undefined = (access === 'public' ? PUBLIC_ENDPOINTS : PRIVATE_ENDPOINTS).get(
      name,
    );
    if (endpoint === undefined) return envelope({ ok: false, errors: [E.unknownMethod] }, name);
    return this.#serve(endpoint, request, query, now);
  }

  /** Runs all timed work due up to the clock's now; returns now. */
  advance(): number {
    const now = this.ctx.clock.now();
    this.ctx.scheduler.runUntil(now);
    return now;
  }

  /** Listens to the exchange's order, ledger, position and market events; returns an unsubscribe function. */
  on<K extends keyof ExchangeEvents>(name: K, listener: Listener<ExchangeEvents[K]>): () => void {
    return this.ctx.events.on(name, listener);
  }

  /** The account with this id (throws when unknown). */
  account(id: string): Account {
    return this.ctx.accounts.require(id);
  }

  /** Opens an account (with its API keys and balances) while the exchange runs. */
  addAccount(config: AccountConfig): Account {
    return this.ctx.accounts.add(config, this.ctx.clock.now());
  }

  /** Credits a deposit to an account (a ledger `deposit` entry), for scenarios and tests. */
  deposit(accountId: string, asset: string, amount: string): void {
    const now = this.advance();
    const account = this.account(accountId);
    const id = this.ctx.catalog.asset(asset).id;
    post(this.ctx, account, {
      refid: this.ctx.ids.next('D'),
      type: 'deposit',
      asset: id,
      amount: dec(amount),
      time: now,
    });
  }

  /** Revokes an API key: its calls then fail with `EAPI:Invalid key`. */
  revokeKey(apiKey: string): void {
    const key = this.ctx.accounts.key(apiKey);
    if (key === undefined) throw new Error(`no API key ${apiKey}`);
    key.revoked = true;
  }

  /** Sets a pair's trading status (`online`, `cancel_only`, `post_only`, `limit_only`, `reduce_only`). */
  setPairStatus(pair: string, status: PairStatus): void {
    this.ctx.catalog.pair(pair).status = status;
  }

  /** Sets the exchange-wide status SystemStatus reports. */
  setSystemStatus(status: SystemStatus): void {
    this.ctx.system.status = status;
  }

  /** Moves a pair's mid price (to the tick) and runs its resting orders against it. */
  setPrice(pair: string, price: string): void {
    const now = this.advance();
    const resolved = this.ctx.catalog.pair(pair);
    const market = this.ctx.markets.of(resolved);
    market.setMid(dec(price), now);
    this.ctx.events.emit('market', { pair: resolved, bid: market.bid, ask: market.ask, time: now });
    executePair(this.ctx, resolved, now);
  }

  /** The top `depth` levels of a pair's order book now. */
  bookSnapshot(pair: string, depth = 10): BookSnapshot {
    return bookSnapshot(this.ctx, this.ctx.catalog.pair(pair), depth, this.advance());
  }

  /** The account a GetWebSocketsToken token was issued to, while it is valid. */
  resolveWsToken(token: string): WsTokenGrant | undefined {
    const grant = this.ctx.wsTokens.get(token);
    return grant !== undefined && grant.expiresAt > this.ctx.clock.now() ? grant : undefined;
  }

  #serve(endpoint: Endpoint, request: MockRequest, query: string | undefined, now: number): MockResponse {
    const { name } = endpoint;
    if (endpoint.access === 'private' && request.method.toUpperCase() !== 'POST') {
      return envelope({ ok: false, errors: [E.unknownMethod] }, name, 405);
    }
    const decision = this.faults.decide(name);
    const early = this.#terminalFault(decision, name, now);
    if (early !== undefined) {
      this.#observe(endpoint, request, decision, undefined, now);
      return early;
    }
    const processed = this.#process(endpoint, request, query, now);
    this.#observe(endpoint, request, decision, processed, now);
    const { response } = processed;
    response.delayMs = decision.latencyMs;
    if (decision.loseResponse) response.drop = 'lost';
    return response;
  }

  #process(endpoint: Endpoint, request: MockRequest, query: string | undefined, now: number): Processed {
    let restCharged = 0;
    try {
      const body = request.body ?? '';
      if (endpoint.access === 'public') {
        const params = {
          ...parseForm(query ?? ''),
          ...(body === '' ? {} : parseBody(body, header(request.headers, 'content-type')).params),
        };
        const value = endpoint.handle({ ctx: this.ctx, params: new Params(params), now });
        return { response: envelope({ ok: true, value }, endpoint.name), error: undefined, restCharged };
      }
      const signed = new RawSignedRequest(
        endpoint.uriPath,
        header(request.headers, 'api-key'),
        header(request.headers, 'api-sign'),
        body,
        header(request.headers, 'content-type'),
        request.ip,
      );
      const { account, key } = authenticate(this.ctx, signed, endpoint, now);
      restCharged = restCost(this.ctx, endpoint);
      // Parsed only now that the signature over these exact bytes is good.
      const parsed = parseBodyAs(body, signed.encoding);
      const value = endpoint.handle({ ctx: this.ctx, params: new Params(parsed.params), now, account, key });
      return { response: envelope({ ok: true, value }, endpoint.name), error: undefined, restCharged };
    } catch (error) {
      const code = isKrakenRejection(error) ? error.code : E.internalError;
      if (!isKrakenRejection(error)) this.internalErrors.push(error);
      return { response: envelope({ ok: false, errors: [code] }, endpoint.name), error: code, restCharged };
    }
  }

  // Tells metrics how the request went; costs nothing while nobody listens.
  #observe(
    endpoint: Endpoint,
    request: MockRequest,
    decision: FaultDecision,
    processed: Processed | undefined,
    now: number,
  ): void {
    if (!this.ctx.events.hasListeners('request')) return;
    const apiKey = endpoint.access === 'private' ? header(request.headers, 'api-key') : undefined;
    const key = apiKey === undefined ? undefined : this.ctx.accounts.key(apiKey);
    const cost = endpoint.access === 'private' ? restCost(this.ctx, endpoint) : 0;
    this.ctx.events.emit('request', {
      endpoint: endpoint.name,
      access: endpoint.access,
      accountId: key?.accountId,
      apiKey: key?.apiKey,
      error: processed?.error,
      fault: decision.terminal?.kind ?? (decision.loseResponse ? 'lost-response' : undefined),
      latencyMs: decision.latencyMs,
      restCost: processed?.restCharged ?? 0,
      restCostUnprocessed: processed === undefined ? cost : 0,
      restLevel: key?.restCounter.valueAt(now),
      time: now,
    });
  }

  #terminalFault(decision: FaultDecision, name: string, now: number): MockResponse | undefined {
    const { terminal } = decision;
    if (terminal === undefined) return undefined;
    let response: MockResponse;
    switch (terminal.kind) {
      case 'http-5xx':
        response = {
          status: terminal.status,
          headers: { 'content-type': 'text/html' },
          body: `<html><body><h1>${terminal.status} Service Unavailable</h1></body></html>`,
          delayMs: 0,
          drop: undefined,
          endpoint: name,
        };
        break;
      case 'connection-reset':
        response = { status: 0, headers: {}, body: '', delayMs: 0, drop: 'reset', endpoint: name };
        break;
      case 'service-unavailable':
        response = envelope({ ok: false, errors: [E.serviceUnavailable] }, name);
        break;
      case 'service-busy':
        response = envelope({ ok: false, errors: [E.serviceBusy] }, name);
        break;
      case 'throttled':
        response = envelope(
          { ok: false, errors: [`EService: Throttled: ${Math.floor(now / 1000) + 1}`] },
          name,
        );
        break;
    }
    response.delayMs = decision.latencyMs;
    return response;
  }

  #scheduleStep(at: number): void {
    this.ctx.scheduler.schedule(at, (time) => {
      for (const market of this.ctx.markets.all()) {
        const trade = market.step(time);
        this.ctx.events.emit('market', { pair: market.pair, bid: market.bid, ask: market.ask, time, trade });
        executePair(this.ctx, market.pair, time);
      }
      this.#scheduleStep(time + this.ctx.settings.stepMs);
    });
  }
}

/** Creates a mock exchange core (no I/O). */
export function createMockExchange(options: MockExchangeOptions = {}): MockExchange {
  return new MockExchange(options);
}
