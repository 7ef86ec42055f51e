import type { TradingState } from '@krakenkit/guard';
import type { GuardSharingView, GuardSync, SharedOrderView } from './guard-sync.js';
import type { DecisionRecord, EventLine, LiveFeed, RefusalGroup } from './live-feed.js';
import type { DashboardSource } from './source.js';

/**
 * The guard page: its kill switch, the orders it counts (every process's when shared), its latest decisions,
 * refusals grouped by reason, and the session's events.
 */
export interface GuardView {
  tradingState: { state: TradingState; reason: string };
  seeded: boolean;
  counts: { positions: number; orders: number; inFlight: number };
  /** Shared through a state store (the figures include other processes'), or null: this process's own guard. */
  sharing: GuardSharingView | null;
  orders: SharedOrderView[];
  /** This process's decisions (other processes' are in their own audit trails). */
  decisions: DecisionRecord[];
  refusals: RefusalGroup[];
  events: EventLine[];
}

/** Builds the guard page's data from the guard (read again from a shared store first) and the feed. */
export async function guardView(
  source: DashboardSource,
  feed: LiveFeed,
  sync: GuardSync,
): Promise<GuardView> {
  const sharing = await sync.fresh();
  const snapshot = source.connection.guard.snapshot();
  return {
    tradingState: { state: snapshot.tradingState, reason: snapshot.tradingStateReason },
    seeded: snapshot.seeded,
    counts: { positions: snapshot.positions, orders: snapshot.orders, inFlight: snapshot.inFlight },
    sharing,
    orders: sync.orders(),
    decisions: feed.decisions(),
    refusals: feed.refusals(),
    events: feed.events(),
  };
}
