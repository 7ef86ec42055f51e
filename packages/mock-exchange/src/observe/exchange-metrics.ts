import type { ExchangeContext } from '../context.js';
import type { MockExchange } from '../exchange.js';
import { isMarginOrder } from '../orders/order.js';
import { auditOrders, type OrderAudit, type OrderRecord, orderRecord } from './order-audit.js';
import { type PoolReport, PoolWatch, poolLimits } from './pool-watch.js';
import { type FaultReport, type KeyReport, RequestTally } from './request-tally.js';

/** Options of {@link watchExchange}. */
export interface ExchangeMetricsOptions {
  /**
   * Limits to judge pool usage against, by currency (`{ USD: "20000", XBT: "0.3" }`), e.g. the guard's allowances
   * while the exchange's own allowance is set higher so that over-use is recorded instead of refused. A currency
   * not named here is judged against the exchange's allowance.
   */
  limits?: Readonly<Record<string, string>>;
  /** Most samples kept per series (each key's REST counter, each pool); the oldest are dropped. Default 100,000. */
  maxSamples?: number;
}

/** A window of the exchange clock (epoch ms). */
export interface MetricsWindow {
  from?: number;
  to?: number;
}

/** Everything the metrics saw, as plain JSON (what the admin route serves). */
export interface MetricsReport {
  /** The exchange clock when the report was made. */
  at: number;
  /** The window REST usage is measured over: by default from the first REST charge to now. */
  window: { from: number; to: number };
  requests: { total: number; byEndpoint: Record<string, number>; otherErrors: Record<string, number> };
  faults: FaultReport;
  keys: KeyReport[];
  pools: PoolReport[];
  orders: OrderAudit[];
  /** Unexpected exceptions inside the exchange (answered `EGeneral:Internal error`): a mock bug when not 0. */
  internalErrors: number;
}

/** The series behind the figures: each key's REST counter and each pool's usage, sample by sample. */
export interface MetricsSeries {
  /** Key label → [time, level, cost, unprocessed cost] rows. */
  rest: Record<string, Array<[number, number, number, number]>>;
  /** `<account>/<currency>` → [time, usage, positions] rows (decimal text). */
  pools: Record<string, Array<[number, string, string]>>;
}

/**
 * Watches a mock exchange for a test or a soak: per API key every Kraken error the exchange answered
 * (`EAPI:Invalid nonce`, `EAPI:Rate limit exceeded`, …) and its REST counter over time (from which the share of
 * the key's budget that was used), the faults injected, each account's margin pool usage at every change against
 * the allowance, and every order with its cl_ord_id and userref. REST only: calls over WebSocket are not counted.
 */
export class ExchangeMetrics {
  readonly #exchange: MockExchange;
  readonly #tally: RequestTally;
  readonly #pools: PoolWatch;
  readonly #stops: Array<() => void>;
  readonly #startedAt: number;

  constructor(exchange: MockExchange, options: ExchangeMetricsOptions = {}) {
    const ctx = exchange.ctx;
    const limit = options.maxSamples ?? 100_000;
    this.#exchange = exchange;
    this.#startedAt = ctx.clock.now();
    this.#tally = new RequestTally((apiKey) => describeKey(ctx, apiKey), limit);
    this.#pools = new PoolWatch(ctx, poolLimits(ctx, options.limits ?? {}), limit);
    this.#stops = [
      exchange.on('request', (event) => {
        this.#tally.record(event);
        // A request is complete when it is reported: sample what it changed now, not after the next one.
        this.#pools.flush();
      }),
      exchange.on('order', (event) => {
        if (isMarginOrder(event.order))
          this.#pools.changed(exchange.account(event.accountId), event.order.pair);
      }),
      exchange.on('position', (event) =>
        this.#pools.changed(exchange.account(event.accountId), event.position.pair),
      ),
    ];
  }

  /** All figures; REST usage over `window` (default: from the first REST charge, or the start, to now). */
  report(window: MetricsWindow = {}): MetricsReport {
    const at = this.#exchange.ctx.clock.now();
    const from = window.from ?? this.#tally.firstSampleAt() ?? this.#startedAt;
    const to = window.to ?? at;
    return {
      at,
      window: { from, to },
      requests: this.#tally.requests(),
      faults: this.#tally.faults(),
      keys: this.#tally.keys(from, to),
      pools: this.#pools.report(),
      orders: [...this.#exchange.ctx.accounts.all()].map((account) => auditOrders(account)),
      internalErrors: this.#exchange.internalErrors.length,
    };
  }

  /** Every order of every account (or of one), open and closed, oldest first. */
  orders(accountId?: string): OrderRecord[] {
    const accounts = [...this.#exchange.ctx.accounts.all()].filter(
      (account) => accountId === undefined || account.id === accountId,
    );
    return accounts
      .flatMap((account) => [...account.orders.values()].map((order) => orderRecord(order)))
      .sort((a, b) => a.openedAt - b.openedAt);
  }

  /** The samples behind the figures. */
  series(): MetricsSeries {
    return { rest: this.#tally.restRows(), pools: this.#pools.rows() };
  }

  /** Stops watching (figures so far stay readable). */
  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}

/** Starts watching `exchange` (see {@link ExchangeMetrics}); call `stop()` when done. */
export function watchExchange(exchange: MockExchange, options: ExchangeMetricsOptions = {}): ExchangeMetrics {
  return new ExchangeMetrics(exchange, options);
}

function describeKey(ctx: ExchangeContext, apiKey: string) {
  const key = ctx.accounts.key(apiKey);
  if (key === undefined) return undefined;
  const index = ctx.accounts.get(key.accountId)?.keys.indexOf(key) ?? 0;
  return {
    label: `${key.accountId}#${index}`,
    max: key.restCounter.max,
    decayPerSecond: key.restCounter.decayPerSecond,
  };
}
