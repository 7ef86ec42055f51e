import type { AllowanceTable } from '@krakenkit/core';
import { type Dec, ZERO } from '../decimal.js';
import type { Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { borrowOf } from '../pools.js';
import type { Exposure } from './exposure.js';
import type { ExposureBook } from './exposure-book.js';

/** One open margin position as the guard tracks it. */
export interface TrackedPosition {
  readonly id: string;
  readonly pair: GuardPair;
  readonly side: Side;
  /** Open volume, base currency. */
  volume: Dec;
  /** Quote-currency cost of the open volume. */
  cost: Dec;
  readonly openedAt: number;
  /** What the position currently contributes to the aggregates. */
  exposure: Exposure;
}

// Repayments are rounded to this many places so every aggregate stays exact under the 64-digit precision.
const REPAY_PLACES = 18;

/**
 * Open margin positions, with FIFO order per pair and side (Kraken reduces a pair's positions oldest first).
 * Every change goes through the {@link ExposureBook}, so pools and pair aggregates never need a scan.
 */
export class PositionBook {
  readonly #positions = new Map<string, TrackedPosition>();
  readonly #fifo = new Map<string, Set<string>>();

  constructor(
    private readonly book: ExposureBook,
    private readonly table: () => AllowanceTable,
  ) {}

  get(id: string): TrackedPosition | undefined {
    return this.#positions.get(id);
  }

  all(): IterableIterator<TrackedPosition> {
    return this.#positions.values();
  }

  get size(): number {
    return this.#positions.size;
  }

  /** Opens a position, or grows the one with the same id (later fills of the same order). */
  open(id: string, pair: GuardPair, side: Side, volume: Dec, cost: Dec, at: number): TrackedPosition {
    const existing = this.#positions.get(id);
    if (existing !== undefined) {
      this.#update(existing, existing.volume.plus(volume), existing.cost.plus(cost));
      return existing;
    }
    const position: TrackedPosition = {
      id,
      pair,
      side,
      volume,
      cost,
      openedAt: at,
      exposure: emptyExposure(pair, side),
    };
    this.#positions.set(id, position);
    this.#queue(pair.id, side).add(id);
    this.#update(position, volume, cost);
    return position;
  }

  /** Reduces (FIFO) the pair's positions on `side` by up to `volume`; returns the volume actually reduced. */
  reduce(pairId: string, side: Side, volume: Dec): Dec {
    let left = volume;
    const queue = this.#fifo.get(`${pairId}|${side}`);
    if (queue === undefined) return ZERO;
    for (const id of [...queue]) {
      if (left.lte(0)) break;
      const position = this.#positions.get(id);
      if (position === undefined) continue;
      const cut = left.lt(position.volume) ? left : position.volume;
      this.close(id, cut);
      left = left.minus(cut);
    }
    return volume.minus(left);
  }

  /** Closes `volume` of a position (all of it when omitted); the pool is repaid in proportion. */
  close(id: string, volume?: Dec): void {
    const position = this.#positions.get(id);
    if (position === undefined) return;
    if (volume === undefined || volume.gte(position.volume)) {
      this.book.addPosition(position.exposure, -1);
      this.#positions.delete(id);
      this.#fifo.get(`${position.pair.id}|${position.side}`)?.delete(id);
      return;
    }
    const keptCost = position.cost.minus(
      position.cost.times(volume).div(position.volume).toDecimalPlaces(REPAY_PLACES, 1),
    );
    this.#update(position, position.volume.minus(volume), keptCost);
  }

  clear(): void {
    this.#positions.clear();
    this.#fifo.clear();
  }

  #update(position: TrackedPosition, volume: Dec, cost: Dec): void {
    this.book.addPosition(position.exposure, -1);
    position.volume = volume;
    position.cost = cost;
    position.exposure = positionExposure(position, this.table());
    this.book.addPosition(position.exposure, 1);
  }

  #queue(pairId: string, side: Side): Set<string> {
    const key = `${pairId}|${side}`;
    let queue = this.#fifo.get(key);
    if (queue === undefined) {
      queue = new Set();
      this.#fifo.set(key, queue);
    }
    return queue;
  }
}

/**
 * A long borrows its cost in the quote currency; a short borrows its volume in the base currency. The cost is
 * what was paid, so a long's borrow is cost (not volume × today's price).
 */
function positionExposure(position: TrackedPosition, table: AllowanceTable): Exposure {
  const { pair, side, volume, cost } = position;
  const borrow =
    side === 'buy' ? { pool: pair.quote, amount: cost } : borrowOf(pair, side, volume, ZERO, table);
  return {
    pairId: pair.id,
    side,
    pool: borrow.pool,
    borrow: borrow.amount,
    sizeVolume: volume,
    closingVolume: ZERO,
    notional: cost,
  };
}

function emptyExposure(pair: GuardPair, side: Side): Exposure {
  return {
    pairId: pair.id,
    side,
    pool: undefined,
    borrow: ZERO,
    sizeVolume: ZERO,
    closingVolume: ZERO,
    notional: ZERO,
  };
}
