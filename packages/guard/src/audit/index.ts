/**
 * `@krakenkit/guard/audit` — the guard's audit trail: the `AuditEvent` every decision, reservation, state event,
 * kill-switch change, seed and reconciliation emits to `guard.onAudit(listener)`, and `createJsonlAuditWriter`,
 * which appends them to a file as JSON lines. A separate entry because that writer is the only place the guard
 * writes anything: the root entry decides, and at most reads a config file.
 *
 * @module @krakenkit/guard/audit
 */

export type { AuditEvent, AuditListener } from './audit-event.js';
export { createJsonlAuditWriter, type JsonlAuditWriter } from './jsonl-writer.js';
