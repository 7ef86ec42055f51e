import type { TradingState } from '@krakenkit/guard';
import type { DecisionRecord, EventLine, LiveFeed, RefusalGroup } from './live-feed.js';
import type { DashboardSource } from './source.js';

/** The guard page: its kill switch, its latest decisions, refusals grouped by reason, and the session's events. */
export interface GuardView {
  tradingState: { state: TradingState; reason: string };
  seeded: boolean;
  counts: { positions: number; orders: number; inFlight: number };
  decisions: DecisionRecord[];
  refusals: RefusalGroup[];
  events: EventLine[];
}

/** Builds the guard page's data from the guard and what the feed recorded (no exchange call). */
export function guardView(source: DashboardSource, feed: LiveFeed): GuardView {
  const snapshot = source.connection.guard.snapshot();
  return {
    tradingState: { state: snapshot.tradingState, reason: snapshot.tradingStateReason },
    seeded: snapshot.seeded,
    counts: { positions: snapshot.positions, orders: snapshot.orders, inFlight: snapshot.inFlight },
    decisions: feed.decisions(),
    refusals: feed.refusals(),
    events: feed.events(),
  };
}
