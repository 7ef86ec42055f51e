import type { BotCounters, BotPause, BotRunner } from '../../engine/bot-runner.js';
import type { StrategyOrderType } from '../../strategies/types.js';
import type { EventLine, FillRecord, LiveFeed } from './live-feed.js';
import type { DashboardSource } from './source.js';
import { cents } from './usd-cents.js';

/** A bot's state: trading, paused by an operator, halted alone, stopped with its session, or not running. */
export type BotState = 'running' | 'paused' | 'halted' | 'stopped' | 'not-running';

/** One bot on the bots page (decimal text throughout). */
export interface BotView {
  name: string;
  strategy: string;
  pairs: string[];
  state: BotState;
  halted: { code: string; message: string } | null;
  /** While paused: since when, by whom (`dashboard`, `api`) and why. */
  paused: BotPause | null;
  counters: BotCounters | null;
  openOrders: Array<{
    tag: string;
    pair: string;
    side: 'buy' | 'sell';
    type: StrategyOrderType;
    volume: string;
    price: string | null;
    leverage: number | null;
    filled: string;
    txid: string | null;
  }>;
  /** Net margin position per pair (base currency; > 0 long). */
  positions: Array<{ pair: string; volume: string }>;
  /** Marked-to-market PnL per pair, in its quote currency. */
  pnl: Array<{ pair: string; quote: string; value: string }>;
  /** PnL in USD as the guard values it (its loss limits use the same figure), to the cent. */
  pnlUsd: string | null;
  fills: FillRecord[];
  /** The bot's latest pauses, resumes and halt, latest first, as the session told them. */
  events: EventLine[];
}

/** The bots page: every bot of the config, with what the session knows of it when one runs. */
export interface BotsView {
  mode: 'session' | 'account';
  stopReason: string | null;
  bots: BotView[];
}

/** Builds the bots page's data from the session's bots (no exchange call). */
export function botsView(source: DashboardSource, feed: LiveFeed): BotsView {
  const { session, config } = source;
  if (session === undefined)
    return {
      mode: 'account',
      stopReason: null,
      bots: config.bots.map((bot) => idleBot(bot.name, bot.strategy, bot.pairs)),
    };
  const guardPnl = source.connection.guard.snapshot().pnl.bots;
  const stopped = session.stopReason !== undefined;
  const bots = session.bots.map((bot): BotView => {
    const state: BotState = stopped
      ? 'stopped'
      : bot.halted !== undefined
        ? 'halted'
        : bot.paused !== undefined
          ? 'paused'
          : 'running';
    return {
      ...runnerView(bot),
      state,
      pnlUsd: cents(guardPnl[bot.name]?.pnl ?? '0'),
      fills: feed.fills(bot.name),
      events: feed.botEvents(bot.name),
    };
  });
  return { mode: 'session', stopReason: session.stopReason ?? null, bots };
}

function runnerView(bot: BotRunner): Omit<BotView, 'state' | 'pnlUsd' | 'fills' | 'events'> {
  return {
    name: bot.name,
    strategy: bot.strategyName,
    pairs: bot.pairs.map((pair) => pair.wsname),
    halted: bot.halted ?? null,
    paused: bot.paused === undefined ? null : { ...bot.paused },
    counters: { ...bot.counters },
    openOrders: bot.openOrders().map(({ request, filled, txid }) => ({
      tag: request.tag,
      pair: bot.pairs.find((pair) => pair.id === request.pair)?.wsname ?? request.pair,
      side: request.side,
      type: request.type,
      volume: request.volume.toFixed(),
      price: request.price?.toFixed() ?? null,
      leverage: request.leverage ?? null,
      filled: filled.toFixed(),
      txid: txid ?? null,
    })),
    positions: bot.pairs
      .map((pair) => ({ pair: pair.wsname, volume: bot.position(pair.id).toFixed() }))
      .filter((position) => position.volume !== '0'),
    pnl: bot.pairs.map((pair) => ({
      pair: pair.wsname,
      quote: pair.wsname.split('/')[1] ?? pair.wsname,
      value: bot.pnl.pnl(pair.id, bot.market(pair.id)?.mid).toFixed(),
    })),
  };
}

function idleBot(name: string, strategy: string, pairs: readonly string[]): BotView {
  return {
    name,
    strategy,
    pairs: [...pairs],
    state: 'not-running',
    halted: null,
    paused: null,
    counters: null,
    openOrders: [],
    positions: [],
    pnl: [],
    pnlUsd: null,
    fills: [],
    events: [],
  };
}
