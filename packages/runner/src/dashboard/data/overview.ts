import { VERSION } from '@krakenkit/client';
import type { TradingState } from '@krakenkit/guard';
import type { DashboardSource } from './source.js';

/** The header every page shows, also pushed once a second as the `status` event. */
export interface OverviewView {
  version: string;
  config: string;
  exchange: 'mock' | 'kraken';
  /** `session`: bots run here (`run --ui`); `account`: the account alone (`dashboard`). */
  mode: 'session' | 'account';
  tier: string;
  tradingState: { state: TradingState; reason: string };
  at: number;
  startedAt: number | null;
  durationMs: number | null;
  stopReason: string | null;
  bots: string[];
}

/** Builds the header's data (no exchange call). */
export function overviewView(source: DashboardSource, now: number): OverviewView {
  const { session, config, connection } = source;
  const snapshot = connection.guard.snapshot();
  const status = session?.status();
  return {
    version: VERSION,
    config: config.name,
    exchange: connection.kind,
    mode: session === undefined ? 'account' : 'session',
    tier: snapshot.tier,
    tradingState: {
      state: status?.tradingState ?? snapshot.tradingState,
      reason: snapshot.tradingStateReason,
    },
    at: now,
    startedAt: session?.startedAt ?? null,
    durationMs: status?.durationMs ?? null,
    stopReason: session?.stopReason ?? null,
    bots: session?.bots.map((bot) => bot.name) ?? config.bots.map((bot) => bot.name),
  };
}
