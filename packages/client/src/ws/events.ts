import type { WsProtocolError } from './errors.js';
import type { WsSystemStatus } from './messages.js';

/** Which of the two Kraken endpoints a connection serves: public data, or authenticated (private data, trading). */
export type WsEndpoint = 'public' | 'private';

/** Why a local book had to be rebuilt from a fresh snapshot. */
export type ResyncReason = 'checksum' | 'precision' | 'reconnect' | 'manual' | 'snapshot-timeout';

/**
 * Everything a WsClient reports, by event name. Lifecycle: `connecting` → `open` → (`disconnected` →
 * `reconnecting` → `connecting` → `open`)* → `closed`. Books: `checksum-mismatch` → `resyncing` → `resynced`, or
 * `resync-exhausted` when the per-symbol budget is spent.
 */
export interface WsEventMap {
  connecting: { endpoint: WsEndpoint; url: string; attempt: number };
  open: { endpoint: WsEndpoint; reconnect: boolean };
  disconnected: { endpoint: WsEndpoint; code: number; reason: string };
  reconnecting: { endpoint: WsEndpoint; attempt: number; delayMs: number; reason: string };
  'heartbeat-timeout': { endpoint: WsEndpoint; silentMs: number };
  /** The connection ended for good: `close()` was called, or reconnect attempts ran out. */
  closed: { endpoint: WsEndpoint; reason: string };
  /** Kraken's `status` channel (sent on connect and when the system state changes). */
  status: { endpoint: WsEndpoint; status: WsSystemStatus };
  'checksum-mismatch': { symbol: string; expected: number; actual: number };
  resyncing: { symbol: string; reason: ResyncReason };
  /** The symbol's book is valid again after a resync or a reconnect. */
  resynced: { symbol: string; reason: ResyncReason };
  'resync-exhausted': { symbol: string; resyncs: number; windowMs: number };
  /** A frame that could not be read; it was dropped. */
  'protocol-error': { endpoint: WsEndpoint; error: WsProtocolError };
  /** `executions` sequence numbers skipped: messages were lost; reconcile open orders. */
  'sequence-gap': { channel: string; expected: number; received: number };
  /** Something failed in the background (a resubscription, a token fetch, a listener that threw). */
  error: { endpoint?: WsEndpoint; error: unknown; context: string };
  /**
   * Kraken's non-fatal warnings on an answer to a request (`warnings` beside the result), e.g. the orders of a
   * `batch_add` refused on their own (funding) while the others were placed: the method's result does not carry
   * them. Also logged at warn level.
   */
  warnings: { endpoint: WsEndpoint; method: string; reqId: number; warnings: readonly string[] };
  /** A well-formed frame this client has no use for (e.g. a channel it does not model). */
  unhandled: { endpoint: WsEndpoint; value: unknown };
}
