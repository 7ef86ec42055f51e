import { Decimal } from '@krakenkit/core';
import type { MarketTick, PairInfo } from '../strategies/types.js';
import type { BotClient } from './connect.js';
import type { SessionGuard } from './session-guard.js';

/**
 * Polls REST Ticker for every pair the bots trade (a public call: no REST counter), keeps the guard's reference
 * prices current (bid/ask, so market orders are sized as Kraken sizes them) and returns one tick per pair. The same
 * call keeps the guard's USD prices current (`usdPairs`: pair id → the asset it prices), which value the account's
 * equity and PnL for the equity cap and the loss limits.
 */
export class MarketFeed {
  readonly #client: BotClient;
  readonly #guard: SessionGuard;
  readonly #pairs: ReadonlyMap<string, PairInfo>;
  readonly #usdPairs: ReadonlyMap<string, string>;
  readonly #now: () => number;

  constructor(
    client: BotClient,
    guard: SessionGuard,
    pairs: readonly PairInfo[],
    now: () => number,
    usdPairs: ReadonlyMap<string, string> = new Map(),
  ) {
    this.#client = client;
    this.#guard = guard;
    this.#pairs = new Map(pairs.map((pair) => [pair.id, pair]));
    this.#usdPairs = usdPairs;
    this.#now = now;
  }

  /** One REST Ticker call: a tick per traded pair and the USD prices (`only`: just these pair ids). */
  async poll(only?: ReadonlySet<string>): Promise<MarketTick[]> {
    if (this.#pairs.size === 0) return [];
    const all = new Set([...this.#pairs.keys(), ...this.#usdPairs.keys()]);
    const ids = only === undefined ? [...all] : [...all].filter((id) => only.has(id));
    if (ids.length === 0) return [];
    const result = await this.#client.ticker({ pair: ids });
    const at = this.#now();
    const ticks: MarketTick[] = [];
    for (const [id, info] of Object.entries(result)) {
      const bid = new Decimal(info.b[0]);
      const ask = new Decimal(info.a[0]);
      const asset = this.#usdPairs.get(id);
      if (asset !== undefined) this.#guard.setUsdPrice(asset, bid.plus(ask).div(2), at);
      const pair = this.#pairs.get(id);
      if (pair === undefined) continue;
      this.#guard.setReferencePrice(id, { bid, ask }, at);
      ticks.push({ pair, bid, ask, mid: bid.plus(ask).div(2), last: new Decimal(info.c[0]), at });
    }
    return ticks;
  }
}
