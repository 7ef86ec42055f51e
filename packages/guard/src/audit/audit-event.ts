import type { Decision } from '../decision.js';
import type { GuardIntent } from '../intent.js';
import type { GuardEvent } from '../state/events.js';
import type { ReconcileReport } from '../state/reconcile.js';
import type { SeedReport } from '../state/seed.js';
import type { TradingState } from '../state/trading-state.js';

/** One line of the guard's audit trail. `at` is epoch ms. Intents carry no secrets (API keys by name only). */
export type AuditEvent =
  | {
      type: 'decision';
      at: number;
      /** `check`: asked only; `reserve`: asked and, when allowed, recorded as reservation `ref`. */
      action: 'check' | 'reserve';
      /** The bot the decision was made for (`guard.forBot(name)`). */
      bot?: string;
      intent: GuardIntent;
      allowed: boolean;
      violations: Decision['violations'];
      adjusted?: Decision['adjusted'];
      ref?: string;
    }
  | { type: 'event'; at: number; event: GuardEvent; applied: boolean }
  | { type: 'trading-state'; at: number; from: TradingState; to: TradingState; reason: string }
  | { type: 'seed'; at: number; report: SeedReport }
  | { type: 'reconcile'; at: number; report: ReconcileReport };

/** Receives every audit event (decisions, reservations, state changes, seeds and reconciliations). */
export type AuditListener = (event: AuditEvent) => void;
