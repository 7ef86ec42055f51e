import type { Violation } from '@krakenkit/guard';
import type { MarketDataStatus } from '../market/market-status.js';
import type { Fill, OrderEnded, OrderRequest } from '../strategies/types.js';

/** Why a session stopped. */
export type StopReason = 'duration' | 'SIGINT' | 'SIGTERM' | 'halted' | 'failed' | 'stopped';

/** What happens while a session runs (`pair` is the pair's display name, e.g. XBT/USD): the plain-log view prints these, the live view shows the latest. */
export type SessionEvent =
  | {
      type: 'started';
      at: number;
      exchange: 'mock' | 'kraken';
      baseUrl: string;
      bots: string[];
      /** Where the session keeps its state (never with a password). */
      store?: string;
    }
  | {
      /** A bot took back what it left behind: resting orders, positions, fills that happened while it was down. */
      type: 'adopted';
      at: number;
      bot: string;
      /** Its recorded orders still resting, now its own again. */
      orders: number;
      /** Its recorded orders that ended while it was down (their fills are counted). */
      endedWhileDown: number;
      /** Its margin positions now, by pair display name (base volume as decimal text, signed). */
      positions: Array<{ pair: string; volume: string }>;
    }
  | {
      /** Open orders of a key that no live session owns, found at start: reported, cancelled only on request. */
      type: 'orphans';
      at: number;
      key: string;
      orders: Array<{
        txid: string;
        pair: string;
        side: 'buy' | 'sell';
        volume: string;
        recordedBy?: string;
      }>;
      cancelled: number;
    }
  | { type: 'bot-halted'; at: number; bot: string; code: string; message: string }
  | {
      /** An operator paused the bot (BotRunner.pause): no ticks for its strategy, no new order placed for it. */
      type: 'bot-paused';
      at: number;
      bot: string;
      /** Who paused it: `dashboard` (a browser), `api` (a tool with the API token), or a caller's own name. */
      by: string;
      reason: string;
    }
  | {
      /** The bot trades again from its next tick. */
      type: 'bot-resumed';
      at: number;
      bot: string;
      by: string;
      /** How long it was paused, in ms. */
      pausedMs: number;
    }
  | { type: 'placed'; at: number; bot: string; pair: string; order: OrderRequest; txid: string | undefined }
  | { type: 'validated'; at: number; bot: string; pair: string; order: OrderRequest }
  | {
      type: 'guard-rejected';
      at: number;
      bot: string;
      pair: string;
      order: OrderRequest;
      violations: readonly Violation[];
    }
  | {
      type: 'exchange-rejected';
      at: number;
      bot: string;
      pair: string;
      order: OrderRequest;
      code: string;
      message: string;
    }
  | {
      type: 'order-failed';
      at: number;
      bot: string;
      pair: string;
      order: OrderRequest;
      code: string;
      message: string;
    }
  | { type: 'fill'; at: number; bot: string; fill: Fill }
  | { type: 'order-ended'; at: number; bot: string; ended: OrderEnded }
  | {
      type: 'dead-man-switch';
      at: number;
      armed: boolean;
      refreshed: boolean;
      timeoutSeconds: number;
      /** At shutdown: why the switch was left armed. */
      leftArmed?: string;
    }
  | { type: 'reconciled'; at: number; positions: number; orders: number }
  | {
      /**
       * The state store stopped answering (`available: false`: orders are refused with StoreUnavailableError,
       * nothing is sent) or answers again (`available: true`: trading resumes). Once per outage.
       */
      type: 'store';
      at: number;
      available: boolean;
      message: string;
    }
  | {
      /** Market data changed source: the WebSocket feed, or REST Ticker while the socket is down. */
      type: 'market-data';
      at: number;
      status: MarketDataStatus;
    }
  | { type: 'warning'; at: number; message: string; bot?: string }
  | { type: 'halted'; at: number; code: string; message: string }
  | { type: 'stopping'; at: number; reason: StopReason };

/** Receives every session event. */
export type SessionListener = (event: SessionEvent) => void;

/** Fans session events out to listeners and keeps the last few for the live view. */
export class SessionEvents {
  readonly #listeners = new Set<SessionListener>();
  readonly #recent: SessionEvent[] = [];
  readonly #keep: number;
  #closed = false;

  constructor(keep = 8) {
    this.#keep = keep;
  }

  on(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Emits nothing more: the session has finished and printed its summary. Work it gave up on at its bound may
   * still end later (a call aborted, the closed store refusing a write); that is no news about the session.
   */
  close(): void {
    this.#closed = true;
  }

  emit(event: SessionEvent): void {
    if (this.#closed) return;
    this.#recent.push(event);
    if (this.#recent.length > this.#keep) this.#recent.shift();
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A display listener must never stop trading.
      }
    }
  }

  recent(): readonly SessionEvent[] {
    return this.#recent;
  }
}
