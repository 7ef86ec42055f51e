import type { JournalStep } from '@krakenkit/client/nonce';
import type { AuditListener } from '../audit/audit-event.js';
import type { DecimalInput } from '../decimal.js';
import type { CheckOptions, PairTouch, Reservation } from '../guard.js';
import type { GuardIntent } from '../intent.js';
import type { GuardEvent, OrderOutcome } from '../state/events.js';
import type { ExchangeSnapshot } from '../state/exchange-raw.js';
import type { ReconcileOptions } from '../state/reconcile.js';
import type { TradingState } from '../state/trading-state.js';
import type { SharedGuard } from './shared-guard.js';

/**
 * A shared guard judging and reserving for one bot (see SharedGuard.forBot): every call goes to `guard`, with
 * `bot` set on the ones that judge or reserve. Frozen: no property leads past it.
 */
export function botView(guard: SharedGuard, bot: string): SharedGuard {
  const as = (options?: CheckOptions): CheckOptions => ({ ...options, bot });
  return Object.freeze({
    instance: guard.instance,
    check: (intent: GuardIntent, options?: CheckOptions) => guard.check(intent, as(options)),
    reserve: (intent: GuardIntent, options?: CheckOptions) => guard.reserve(intent, as(options)),
    reserveAlong: <T>(
      method: string,
      intent: GuardIntent,
      send: (first: Reservation, journal: JournalStep) => Promise<T>,
      options?: CheckOptions,
    ) => guard.reserveAlong(method, intent, send, as(options)),
    journalStore: guard.journalStore,
    reserveBatch: (intents: readonly GuardIntent[], options?: CheckOptions) =>
      guard.reserveBatch(intents, as(options)),
    apply: (event: GuardEvent, options?: CheckOptions) => guard.apply(event, options),
    applyAlong: (event: OrderOutcome, options?: CheckOptions) => guard.applyAlong(event, options),
    flush: () => guard.flush(),
    setTradingState: (state: TradingState, reason?: string) => guard.setTradingState(state, reason),
    tradingState: () => guard.tradingState(),
    setReferencePrice: (pair: string, price: DecimalInput | PairTouch, at?: number) =>
      guard.setReferencePrice(pair, price, at),
    setUsdPrice: (asset: string, price: DecimalInput, at?: number) => guard.setUsdPrice(asset, price, at),
    seed: (snapshot: ExchangeSnapshot, options?: ReconcileOptions) => guard.seed(snapshot, options),
    reconcile: (snapshot: ExchangeSnapshot, options?: ReconcileOptions) => guard.reconcile(snapshot, options),
    sync: () => guard.sync(),
    snapshot: () => guard.snapshot(),
    positions: () => guard.positions(),
    orders: () => guard.orders(),
    onAudit: (listener: AuditListener) => guard.onAudit(listener),
    exportState: () => guard.exportState(),
    forBot: (other: string) => guard.forBot(other),
  });
}
