import type { TradeVolumeResult } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { PoolSnapshot, TradingState } from '@krakenkit/guard';
import type { MarketDataStatus } from '../market/market-status.js';
import type { BotCounters, BotRunner } from './bot-runner.js';
import { type FeeProgress, type FeeSchedule, feeProgress } from './fee-tier.js';
import type { SessionEvent, StopReason } from './session-events.js';
import type { SessionGuard } from './session-guard.js';
import type { Tally } from './tally.js';

/** One bot's line in the status view and summary. */
export interface BotStatus extends BotCounters {
  name: string;
  strategy: string;
  pairs: string[];
  /** Orders resting on the exchange now. */
  open: number;
  /**
   * Marked-to-market PnL per pair, in its quote currency, since the bot's start: a bot restarted with its saved
   * state carries its earlier sessions' PnL over (see `sessionPnl` for this session's alone).
   */
  pnl: Array<{ pair: string; quote: string; value: Decimal }>;
  /** Quote notional traded per quote currency since the bot's start (earlier sessions' included, as `pnl`). */
  volume: Array<{ quote: string; value: Decimal }>;
  /**
   * This session's PnL per pair (what `pnl` grew by since the session started; the position it carried in valued
   * from the first price the session saw). Absent: the same as `pnl`.
   */
  sessionPnl?: Array<{ pair: string; quote: string; value: Decimal }>;
  /** Quote notional this session traded, per quote currency (as `placed` and `fills` count). Absent: `volume`. */
  sessionVolume?: Array<{ quote: string; value: Decimal }>;
  /** The bot took over an earlier session's PnL ledger at start, so `pnl` and `volume` include that session's. */
  carried?: boolean;
  strategyErrors: number;
  /**
   * Set when this bot alone stopped trading (its lease went to another session), or opens nothing more (a
   * position it could not protect: code KRAKENKIT_UNPROTECTED_POSITION).
   */
  halted?: { code: string; message: string };
  /** Set while an operator has the bot paused: since when (epoch ms), by whom. */
  paused?: { at: number; by: string };
}

/** A live picture of a session (what the TTY view draws). */
export interface SessionStatus {
  at: number;
  startedAt: number;
  elapsedMs: number;
  /** Planned length, when there is one. */
  durationMs: number | undefined;
  exchange: { kind: 'mock' | 'kraken'; baseUrl: string };
  tier: string;
  /** The guard's kill switch; HALTED too once this session halted. */
  tradingState: TradingState;
  bots: BotStatus[];
  /** Margin pools in use, against their allowances. */
  pools: PoolSnapshot[];
  /** Open margin positions the guard knows of (all of the account's, not only the bots'). */
  positions: number;
  fee: FeeProgress | undefined;
  /** Guard refusals by violation code, most frequent first. */
  guardRejections: Array<[string, number]>;
  /** Exchange refusals by Kraken code. */
  exchangeRejections: Array<[string, number]>;
  recent: readonly SessionEvent[];
  /** Open orders of the keys that no live session owns, found at start and left resting. */
  orphans: number;
  /** Where market data comes from now (the WebSocket feed, or REST), when the session says. */
  marketData?: MarketDataStatus;
}

/** The end of a session: its last status, why it stopped and where the audit trail is. */
export interface SessionSummary extends SessionStatus {
  reason: StopReason;
  halted: { code: string; message: string } | undefined;
  auditLog: string | undefined;
}

export interface StatusInputs {
  now: number;
  startedAt: number;
  durationMs: number | undefined;
  exchange: SessionStatus['exchange'];
  guard: SessionGuard;
  bots: readonly BotRunner[];
  tradeVolume: TradeVolumeResult | undefined;
  volumeSinceUsd: Decimal;
  /** The fee schedule of the pair whose TradeVolume fees are shown, from AssetPairs. */
  feeSchedule?: FeeSchedule;
  guardRejections: Tally;
  exchangeRejections: Tally;
  recent: readonly SessionEvent[];
  orphans?: number;
  /** Where market data comes from now. */
  marketData?: MarketDataStatus;
  /** The session halted: its trading state is HALTED whatever a shared guard says for the other processes. */
  halted?: boolean;
  /** Allowances the config sets (`guard.rules.allowances`): shown even while unused. */
  allowances?: Readonly<Record<string, { allowance: string }>>;
}

/** Builds the status picture from the session's parts (O(bots × pairs), called a few times a second at most). */
export function buildStatus(inputs: StatusInputs): SessionStatus {
  const snapshot = inputs.guard.snapshot();
  return {
    at: inputs.now,
    startedAt: inputs.startedAt,
    elapsedMs: inputs.now - inputs.startedAt,
    durationMs: inputs.durationMs,
    exchange: inputs.exchange,
    tier: snapshot.tier,
    tradingState: inputs.halted === true ? 'HALTED' : snapshot.tradingState,
    bots: inputs.bots.map(botStatus),
    pools: withConfiguredPools(snapshot.pools, inputs.allowances ?? {}),
    positions: snapshot.positions,
    fee:
      inputs.tradeVolume === undefined
        ? undefined
        : feeProgress(inputs.tradeVolume, inputs.volumeSinceUsd, inputs.feeSchedule),
    guardRejections: inputs.guardRejections.entries(),
    exchangeRejections: inputs.exchangeRejections.entries(),
    recent: [...inputs.recent],
    orphans: inputs.orphans ?? 0,
    ...(inputs.marketData === undefined ? {} : { marketData: inputs.marketData }),
  };
}

function botStatus(bot: BotRunner): BotStatus {
  const volumes = new Map<string, Decimal>();
  const sessionVolumes = new Map<string, Decimal>();
  const add = (book: Map<string, Decimal>, quote: string, value: Decimal) =>
    book.set(quote, (book.get(quote) ?? new Decimal(0)).plus(value));
  const pnl: BotStatus['pnl'] = [];
  const sessionPnl: BotStatus['pnl'] = [];
  for (const pair of bot.pairs) {
    const quote = quoteOf(pair.wsname);
    const mid = bot.market(pair.id)?.mid;
    add(volumes, quote, bot.pnl.volume(pair.id));
    add(sessionVolumes, quote, bot.pnl.sessionVolume(pair.id));
    pnl.push({ pair: pair.wsname, quote, value: bot.pnl.pnl(pair.id, mid) });
    sessionPnl.push({ pair: pair.wsname, quote, value: bot.pnl.sessionPnl(pair.id, mid) });
  }
  const byQuote = (book: Map<string, Decimal>) => [...book].map(([quote, value]) => ({ quote, value }));
  return {
    name: bot.name,
    strategy: bot.strategyName,
    pairs: bot.pairs.map((pair) => pair.wsname),
    open: bot.openOrders().length,
    ...bot.counters,
    pnl,
    volume: byQuote(volumes),
    sessionPnl,
    sessionVolume: byQuote(sessionVolumes),
    carried: bot.pnl.carried(),
    strategyErrors: bot.errorCount,
    ...haltedOf(bot),
    ...(bot.paused === undefined ? {} : { paused: { at: bot.paused.at, by: bot.paused.by } }),
  };
}

// A pool the config caps is worth watching before the first position borrows from it.
function withConfiguredPools(
  pools: readonly PoolSnapshot[],
  allowances: Readonly<Record<string, { allowance: string }>>,
): PoolSnapshot[] {
  const shown = new Set(pools.map((pool) => pool.currency));
  const idle = Object.entries(allowances)
    .filter(([currency]) => !shown.has(currency))
    .map(([currency, { allowance }]) => ({
      currency,
      allowance,
      positions: '0',
      orders: '0',
      total: '0',
      headroom: allowance,
    }));
  return [...pools, ...idle];
}

/** `XBT/USD` → `USD`. */
export function quoteOf(wsname: string): string {
  return wsname.split('/')[1] ?? wsname;
}

/** The bot's halt: its lease lost, or it opens nothing more (a position it could not protect). */
function haltedOf(bot: BotRunner): { halted?: { code: string; message: string } } {
  const halted = bot.halted ?? bot.stoppedOpening;
  return halted === undefined ? {} : { halted };
}
