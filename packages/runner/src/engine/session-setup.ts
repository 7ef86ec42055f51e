import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createJsonlAuditWriter, type JsonlAuditWriter } from '@krakenkit/guard/audit';
import type { BotConfig } from '../config/load.js';
import type { PairInfo } from '../strategies/types.js';
import { BotRunner } from './bot-runner.js';
import type { Connection } from './connect.js';

/** One BotRunner per enabled bot, its strategy built from the registry with its validated params. */
export function createBots(config: BotConfig, connection: Connection, now: () => number): BotRunner[] {
  return config.bots
    .filter((bot) => bot.enabled)
    .map((bot) => {
      const definition = config.strategies[bot.strategy];
      const pairs = connection.botPairs.get(bot.name) ?? [];
      if (definition === undefined) throw new Error(`unknown strategy ${bot.strategy}`);
      const strategy = definition.create({ bot: bot.name, params: bot.params, pairs });
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
