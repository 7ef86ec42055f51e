import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createJsonlAuditWriter, type JsonlAuditWriter } from '@krakenkit/guard/audit';
import type { CandleBook } from '../candles/candle-book.js';
import { withCandles } from '../candles/with-candles.js';
import type { BotConfig } from '../config/load.js';
import type { PairInfo } from '../strategies/types.js';
import { BotRunner } from './bot-runner.js';
import type { Connection } from './connect.js';
import { describeError } from './halting.js';
import { OrderTracker } from './order-tracker.js';
import { botsByKey, SessionContinuity, type SessionState } from './session-continuity.js';
import type { SessionEvents } from './session-events.js';
import { StoreOutage } from './store-outage.js';

/**
 * One BotRunner per enabled bot, its strategy built from the registry with its validated params; given `candles`,
 * each strategy reads that book's series through `view.candles`.
 */
export function createBots(
  config: BotConfig,
  connection: Connection,
  now: () => number,
  candles?: CandleBook,
): BotRunner[] {
  return config.bots
    .filter((bot) => bot.enabled)
    .map((bot) => {
      const definition = config.strategies[bot.strategy];
      const pairs = connection.botPairs.get(bot.name) ?? [];
      if (definition === undefined) throw new Error(`unknown strategy ${bot.strategy}`);
      const created = definition.create({
        bot: bot.name,
        params: bot.params,
        pairs,
        ...(bot.protect === undefined ? {} : { protect: bot.protect }),
      });
      const strategy = candles === undefined ? created : withCandles(created, candles, pairs);
      return new BotRunner({
        name: bot.name,
        strategyName: bot.strategy,
        key: bot.key,
        pairs,
        strategy,
        now,
      });
    });
}

/** Every pair any bot trades, once. */
export function uniquePairs(bots: readonly BotRunner[]): PairInfo[] {
  const byId = new Map(bots.flatMap((bot) => bot.pairs.map((pair) => [pair.id, pair] as const)));
  return [...byId.values()];
}

/** The guard's JSONL audit writer on `path` (its directory created 0700, the file 0600: only the user reads them). */
export function openAuditLog(path: string): JsonlAuditWriter {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return createJsonlAuditWriter(path);
}

/**
 * What follows the exchange and the store for a session: the outage watch of its store (its leases' ttl bounds
 * how long it waits), the order tracker, and continuity (leases, records, adoption, orphans).
 */
export function createFollowers(
  config: BotConfig,
  connection: Connection,
  state: SessionState,
  events: SessionEvents,
  now: () => number,
) {
  const outage = new StoreOutage(events, now, state.leases.ttlMs);
  const tracker = new OrderTracker(connection.clients, connection.guard, now, (error, event) => {
    if (outage.noted(error)) return;
    const { code, message } = describeError(error);
    const warning = `the guard could not record ${event.type} (${code}: ${message}); it holds the order's headroom until the next reconcile`;
    events.emit({ type: 'warning', at: now(), message: warning });
  });
  const continuity = new SessionContinuity({
    ...state,
    outage,
    connection,
    events,
    tracker,
    now,
    configBots: botsByKey(config),
  });
  return { outage, tracker, continuity };
}
