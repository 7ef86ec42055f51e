import type { WsTicker, WsTrade } from '@krakenkit/client/ws';
import { Decimal } from '@krakenkit/core';

/** The latest prices the socket gave for one pair (decimal text as sent, made Decimal when read). */
interface Quote {
  bid: string;
  ask: string;
  last: string;
}

/** A pair's touch and last price, as a tick carries them. */
export interface QuotedPrices {
  bid: Decimal;
  ask: Decimal;
  last: Decimal;
}

/**
 * The latest ticker and trade of every pair the socket feeds, by pair id, and which pairs have had a ticker since
 * the socket last (re)opened: the feed is live only once every pair has one (a resubscribed ticker's snapshot).
 */
export class SocketQuotes {
  readonly #quotes = new Map<string, Quote>();
  readonly #lastTrade = new Map<string, string>();
  readonly #fresh = new Set<string>();
  readonly #expected: ReadonlySet<string>;

  /** `expected`: the ids of every pair the socket prices. */
  constructor(expected: Iterable<string>) {
    this.#expected = new Set(expected);
  }

  /** The socket (re)opened: prices stay, but none counts as fresh until its ticker comes again. */
  reopened(): void {
    this.#fresh.clear();
  }

  /** A ticker entry of a pair. */
  ticker(id: string, entry: WsTicker): void {
    this.#quotes.set(id, { bid: entry.bid, ask: entry.ask, last: entry.last });
    this.#fresh.add(id);
  }

  /** A trade of a pair: its price is the pair's last price from now on. */
  trade(id: string, entry: WsTrade): void {
    this.#lastTrade.set(id, entry.price);
  }

  /** The pair has had a ticker since the socket last opened. */
  fresh(id: string): boolean {
    return this.#fresh.has(id);
  }

  /**
   * Every pair has had a ticker since the socket last opened, except those `excused` (their ticker is refused),
   * and at least one pair is left to price.
   */
  complete(excused: (id: string) => boolean): boolean {
    let priced = 0;
    for (const id of this.#expected) {
      if (excused(id)) continue;
      if (!this.#fresh.has(id)) return false;
      priced += 1;
    }
    return priced > 0;
  }

  /**
   * The pair's prices: the touch from `touch` (the verified book's best levels) when given, else the ticker's; the
   * last price from the latest trade, else the ticker's. Undefined before the pair's first ticker.
   */
  prices(id: string, touch?: { bid: string; ask: string }): QuotedPrices | undefined {
    const quote = this.#quotes.get(id);
    if (quote === undefined) return undefined;
    const bid = new Decimal(touch?.bid ?? quote.bid);
    const ask = new Decimal(touch?.ask ?? quote.ask);
    return { bid, ask, last: new Decimal(this.#lastTrade.get(id) ?? quote.last) };
  }
}
