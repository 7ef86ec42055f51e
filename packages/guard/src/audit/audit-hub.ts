import type { Decision } from '../decision.js';
import type { GuardIntent } from '../intent.js';
import type { AuditEvent, AuditListener } from './audit-event.js';
import { sanitizeIntent } from './sanitize.js';

/** A guard's audit listeners: what `onAudit()` subscribes to. Emitting costs nothing while nobody listens. */
export class AuditHub {
  readonly #listeners = new Set<AuditListener>();

  subscribe(listener: AuditListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: AuditEvent): void {
    // An audit sink must never change a decision: a throwing listener is the listener's problem.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {}
    }
  }

  /** One decision of check() or reserve(), with its reservation ref when one was recorded. */
  decision(
    action: 'check' | 'reserve',
    intent: GuardIntent,
    decision: Decision,
    at: number,
    ref?: string,
    bot?: string,
  ): void {
    if (this.#listeners.size === 0) return;
    this.emit({
      type: 'decision',
      at,
      action,
      ...(bot === undefined ? {} : { bot }),
      intent: sanitizeIntent(intent),
      allowed: decision.allowed,
      violations: decision.violations,
      ...(decision.adjusted === undefined ? {} : { adjusted: decision.adjusted }),
      ...(ref === undefined ? {} : { ref }),
    });
  }
}
