import type { Account } from './accounts/account.js';
import type { LedgerEntry, TradeRecord } from './accounts/records.js';
import type { AccountRegistry } from './accounts/registry.js';
import type { AllowanceTable } from './config/allowances.js';
import type { FeeSchedule } from './config/fees.js';
import type { ExchangeSettings } from './config/settings.js';
import type { TierRules, TierTable } from './config/tiers.js';
import type { Clock } from './core/clock.js';
import type { Decimal } from './core/decimal.js';
import type { EventBus } from './core/events.js';
import type { IdFactory } from './core/ids.js';
import type { ErrorStrings } from './core/rejection.js';
import type { Scheduler } from './core/scheduler.js';
import type { FaultInjector, FaultKind } from './faults/faults.js';
import type { Position } from './margin/position.js';
import type { PublicTrade } from './market/history.js';
import type { Markets } from './market/markets.js';
import type { MarketCatalog, Pair } from './market/pairs.js';
import type { Order } from './orders/order.js';
import type { OpenOrderIndex } from './orders/order-index.js';

/** What happened to an order (the WS v2 `executions` exec_type vocabulary). */
export type OrderEventKind =
  | 'pending_new'
  | 'new'
  | 'trade'
  | 'filled'
  | 'canceled'
  | 'expired'
  | 'amended'
  | 'triggered';

/** An order placed, traded, filled, cancelled, expired, amended or triggered. */
export interface OrderEvent {
  kind: OrderEventKind;
  accountId: string;
  order: Order;
  trade?: TradeRecord;
  time: number;
}

/** A ledger entry written to an account. */
export interface LedgerEvent {
  accountId: string;
  entry: LedgerEntry;
}

/** A margin position opened, reduced or closed. */
export interface PositionEvent {
  kind: 'opened' | 'reduced' | 'closed';
  accountId: string;
  position: Position;
  time: number;
}

/** A market move: after every random-walk step, manual price change and public trade. */
export interface MarketEvent {
  pair: Pair;
  bid: Decimal;
  ask: Decimal;
  time: number;
  trade?: PublicTrade;
}

/**
 * One REST request as the exchange answered it: which endpoint, which key, the Kraken error it answered (if
 * any), the fault injected (if any) and what it cost on the key's REST counter. For metrics (`watchExchange` in
 * `@krakenkit/mock-exchange/metrics`); emitted only while someone listens.
 */
export interface RequestEvent {
  endpoint: string;
  access: 'public' | 'private';
  /** The account of the API key the request named, when the exchange knows that key. */
  accountId: string | undefined;
  /** The API key the request named, when the exchange knows it (the public key id, never the secret). */
  apiKey: string | undefined;
  /** The Kraken error string the exchange answered with; undefined for a success or a fault's own answer. */
  error: string | undefined;
  /** A fault that answered instead of the exchange, or (`lost-response`) dropped its answer. */
  fault: FaultKind | undefined;
  /** Latency a fault added, ms. */
  latencyMs: number;
  /** REST counter units this request was charged (0 for public and trading calls, and when refused first). */
  restCost: number;
  /** What it would have been charged had the exchange processed it (a fault answered before it could). */
  restCostUnprocessed: number;
  /** The key's REST counter level after the request; undefined without a known key. */
  restLevel: number | undefined;
  time: number;
}

/** Events the exchange emits: the seam for the WebSocket adapter and for metrics. */
export interface ExchangeEvents {
  order: OrderEvent;
  ledger: LedgerEvent;
  position: PositionEvent;
  market: MarketEvent;
  request: RequestEvent;
}

/** A WebSocket token handed out by GetWebSocketsToken: whose it is and until when it is valid. */
export interface WsTokenGrant {
  accountId: string;
  apiKey: string;
  expiresAt: number;
}

/** Everything the exchange's services share. Services take `now` explicitly (scheduled work runs in the past). */
export interface ExchangeContext {
  readonly seed: string;
  readonly clock: Clock;
  readonly ids: IdFactory;
  readonly scheduler: Scheduler;
  readonly events: EventBus<ExchangeEvents>;
  readonly catalog: MarketCatalog;
  readonly markets: Markets;
  readonly allowances: AllowanceTable;
  readonly tiers: TierTable;
  readonly fees: FeeSchedule;
  readonly settings: ExchangeSettings;
  readonly errors: ErrorStrings;
  readonly accounts: AccountRegistry;
  /** The exchange's own pool liquidity per allowance currency (BTC, USD...); absent = unlimited. */
  readonly marginLiquidity: ReadonlyMap<string, Decimal>;
  readonly openOrders: OpenOrderIndex;
  readonly wsTokens: Map<string, WsTokenGrant>;
  /** SystemStatus; `maintenance` answers trading with EService:Unavailable, the others act as a pair status. */
  readonly system: { status: SystemStatus };
  /** Faults injected on demand (MockExchange.faults): per request, and in the exchange's own order handling. */
  readonly faults: FaultInjector;
}

/** The exchange-wide status SystemStatus reports and the order rules follow. */
export type SystemStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only';

export function tierOf(ctx: ExchangeContext, account: Account): TierRules {
  return ctx.tiers[account.tier];
}
