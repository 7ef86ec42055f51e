import type { Account } from '../accounts/account.js';
import type { ApiKeyState } from '../accounts/api-key.js';
import type { ExchangeContext } from '../context.js';
import type { MockExchange } from '../exchange.js';
import { bookSnapshot } from '../market/book.js';
import type { Pair } from '../market/pairs.js';
import { textBook } from './book-view.js';
import type { WsConnection } from './connection.js';
import type { WsFaults } from './faults.js';
import { rfc3339Micro, toJsonText } from './json-text.js';
import type { ResolvedWsOptions } from './options.js';
import { SharedBooks } from './shared-books.js';

/** A request as received: method, params, req_id, and the exchange time it arrived. */
export interface WsRequest {
  method: string;
  params: Readonly<Record<string, unknown>>;
  reqId: number | undefined;
  /** A `req_id` that is not an integer (text, a fraction, beyond 2^53): the request is refused, not run. */
  badReqId: boolean;
  timeIn: number;
}

/** The body of one answer: success with a result, or Kraken's error string. */
export interface AnswerBody {
  success: boolean;
  result?: unknown;
  error?: string;
  warnings?: string[];
  symbol?: string;
}

/** Who a token belongs to. */
export interface TokenOwner {
  account: Account;
  key: ApiKeyState;
}

/** What the channel and method handlers share: the exchange, framing, and token checks. */
export class WsHub {
  readonly ctx: ExchangeContext;
  readonly exchange: MockExchange;
  readonly options: ResolvedWsOptions;
  /** Faults the tests inject (a refused subscription is decided where subscriptions are served). */
  readonly faults: WsFaults;

  /** The simulated books as wire text, computed once per pair, depth and change for every subscriber. */
  readonly books: SharedBooks;

  constructor(exchange: MockExchange, options: ResolvedWsOptions, faults: WsFaults) {
    this.exchange = exchange;
    this.ctx = exchange.ctx;
    this.options = options;
    this.faults = faults;
    const ctx = this.ctx;
    this.books = new SharedBooks(
      (pair, depth) => textBook(bookSnapshot(ctx, pair, depth, ctx.clock.now())),
      (pair) => ctx.markets.of(pair).steps,
    );
  }

  /**
   * Refuses a subscribe when the connection already holds `maxSubscriptions` (answering with the limit error, for
   * `symbol` when given); returns whether it refused.
   */
  refuseIfFull(connection: WsConnection, request: WsRequest, symbol?: string): boolean {
    if (connection.subscriptionCount < this.options.maxSubscriptions) return false;
    const error = this.options.subscriptionLimitError;
    this.answer(connection, request, { success: false, error, ...(symbol === undefined ? {} : { symbol }) });
    return true;
  }

  now(): number {
    return this.ctx.clock.now();
  }

  /** Sends the answer to a request, in Kraken's v2 envelope (method, req_id, success, result/error, times). */
  answer(connection: WsConnection, request: WsRequest, body: AnswerBody, method = request.method): void {
    connection.send(
      toJsonText({
        method,
        req_id: request.reqId,
        ...body,
        time_in: rfc3339Micro(request.timeIn),
        time_out: rfc3339Micro(this.now()),
      }),
    );
  }

  /** Sends a data push: `{channel, type, data}` plus extra top-level fields (sequence). */
  push(
    connection: WsConnection,
    channel: string,
    type: 'snapshot' | 'update',
    data: unknown,
    extra: Record<string, unknown> = {},
  ): void {
    connection.send(toJsonText({ channel, type, data, ...extra }));
  }

  /** A pair by any of its names; undefined when the exchange does not list it. */
  pair(symbol: unknown): Pair | undefined {
    return typeof symbol === 'string' ? this.ctx.catalog.findPair(symbol) : undefined;
  }

  /**
   * The account behind a token: a GetWebSocketsToken token that is valid, or one this connection already holds a
   * live private subscription with (Kraken: such a token no longer expires). Revoked keys fail.
   */
  tokenOwner(connection: WsConnection, token: unknown): TokenOwner | undefined {
    if (typeof token !== 'string') return undefined;
    const held = [connection.executions, connection.balances].some((sub) => sub?.token === token);
    const grant = held ? this.ctx.wsTokens.get(token) : this.exchange.resolveWsToken(token);
    if (grant === undefined) return undefined;
    const key = this.ctx.accounts.key(grant.apiKey);
    const account = this.ctx.accounts.get(grant.accountId);
    if (key === undefined || key.revoked || account === undefined) return undefined;
    return { account, key };
  }
}
