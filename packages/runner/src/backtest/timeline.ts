import type { MarketEvent, MarketSource } from './data/market-source.js';

/**
 * The events of several sources merged in time order: at the same moment, candle closes come before prices (a
 * candle that ended at t is known at t, before the price at t is acted on), then sources in the order given.
 * `source` tells which source the event last returned came from.
 */
export class Timeline {
  source = -1;
  readonly #iterators: Iterator<MarketEvent>[];
  readonly #heads: Array<MarketEvent | undefined>;

  constructor(sources: readonly MarketSource[], from: number, to: number) {
    this.#iterators = sources.map((source) => source.events(from, to)[Symbol.iterator]());
    this.#heads = this.#iterators.map((iterator) => nextOf(iterator));
  }

  next(): MarketEvent | undefined {
    const heads = this.#heads;
    let best = -1;
    let bestEvent: MarketEvent | undefined;
    for (let i = 0; i < heads.length; i += 1) {
      const head = heads[i];
      if (head !== undefined && (bestEvent === undefined || earlier(head, bestEvent))) {
        best = i;
        bestEvent = head;
      }
    }
    if (bestEvent === undefined) return undefined;
    heads[best] = nextOf(this.#iterators[best] as Iterator<MarketEvent>);
    this.source = best;
    return bestEvent;
  }
}

function earlier(a: MarketEvent, b: MarketEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.kind === 'candle' && b.kind === 'price');
}

function nextOf(iterator: Iterator<MarketEvent>): MarketEvent | undefined {
  const result = iterator.next();
  return result.done ? undefined : result.value;
}
