import type { GuardIntent } from '@krakenkit/guard';
import type { AuditEvent } from '@krakenkit/guard/audit';
import type { SessionGuard } from '../../src/engine/session-guard.js';

/**
 * Records the orders the guard allows (not cancels) from the moment its trading state turns `state`: how a test
 * proves the kill switch stops orders at the guard itself, whatever answers were still on their way.
 */
export function ordersAllowedAfter(
  guard: SessionGuard,
  state: 'HALTED' | 'REDUCING',
): { switched: Promise<void>; allowed: GuardIntent[]; stop(): void } {
  const allowed: GuardIntent[] = [];
  let resolveSwitched!: () => void;
  const switched = new Promise<void>((resolve) => {
    resolveSwitched = resolve;
  });
  let on = false;
  const stop = guard.onAudit((event: AuditEvent) => {
    if (event.type === 'trading-state' && event.to === state) {
      on = true;
      resolveSwitched();
    } else if (on && event.type === 'decision' && event.allowed && isOrder(event.intent))
      allowed.push(event.intent);
  });
  return { switched, allowed, stop };
}

function isOrder(intent: GuardIntent): boolean {
  const kind = (intent as { kind?: string }).kind;
  return kind === undefined || kind === 'order';
}
