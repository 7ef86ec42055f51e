import type { ConfigIssue } from '@krakenkit/client';
import type { PairIndex } from '@krakenkit/core';
import { nameForMessage } from '@krakenkit/core/config';
import { type BotConfig, issueAt } from '../config/load.js';
import type { PairInfo } from '../strategies/types.js';
import { nearestPairs } from './nearest-pairs.js';

/** What {@link checkBotPairs} found: each bot's pairs resolved, and every problem at its file:line:column. */
export interface BotPairsCheck {
  /** Bot name → the pairs it names that the exchange lists, in config order. */
  resolved: Map<string, PairInfo[]>;
  issues: ConfigIssue[];
}

/**
 * Checks every bot's pairs against an exchange's pair list: a name the list lacks is an issue at its place in the
 * file with the nearest names the exchange does list, a pair named twice in one bot (by any of its names) is an issue
 * at the repeat; a bot whose pairs all resolve, each once, is also checked by its
 * strategy's `checkPairs` (margin offered at its leverage, ...). `where` names the list in messages
 * (`on the embedded mock exchange`).
 */
export function checkBotPairs(config: BotConfig, catalog: PairIndex, where: string): BotPairsCheck {
  const issues: ConfigIssue[] = [];
  const resolved = new Map<string, PairInfo[]>();
  config.bots.forEach((bot, index) => {
    const pairs: PairInfo[] = [];
    // Each pair once, under whichever of its names (XBT/USD, XBTUSD, XXBTZUSD): a repeat is a slip for another.
    const firstAt = new Map<string, number>();
    bot.pairs.forEach((name, at) => {
      const pair = catalog.get(name);
      const first = pair === undefined ? undefined : firstAt.get(pair.id);
      if (pair === undefined)
        issues.push(issueAt(config, ['bots', index, 'pairs', at], unknownPairMessage(name, catalog, where)));
      else if (first !== undefined)
        issues.push(
          issueAt(
            config,
            ['bots', index, 'pairs', at],
            `${nameForMessage(name)} is ${pair.wsname} again (pairs[${first}]): list each pair once`,
          ),
        );
      else {
        firstAt.set(pair.id, at);
        pairs.push(pair);
      }
    });
    const definition = config.strategies[bot.strategy];
    if (pairs.length === bot.pairs.length && definition?.checkPairs !== undefined) {
      for (const problem of definition.checkPairs(bot.params, pairs))
        issues.push(
          typeof problem === 'string'
            ? issueAt(config, ['bots', index, 'params'], problem)
            : issueAt(config, ['bots', index, 'params', problem.param], problem.message),
        );
    }
    resolved.set(bot.name, pairs);
  });
  return { resolved, issues };
}

/** `no pair "ETH/USDX" on the embedded mock exchange (AssetPairs); nearest: ETH/USD, ETH/USDC, ETH/USDT`. */
export function unknownPairMessage(name: string, catalog: PairIndex, where: string): string {
  const nearest = nearestPairs(name, catalog.all());
  const hint = nearest.length === 0 ? 'no listed name is close' : `nearest: ${nearest.join(', ')}`;
  return `no pair ${nameForMessage(name)} ${where} (AssetPairs); ${hint}`;
}
