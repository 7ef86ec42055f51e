import { type Dec, ZERO } from '../decimal.js';
import type { Exposure, PairExposure, PoolUsage } from './exposure.js';

const EMPTY_POOL: PoolUsage = Object.freeze({ positions: ZERO, orders: ZERO, total: ZERO });

/**
 * The O(1) aggregates the rules read: usage per currency pool, and per pair the position volume, opening order
 * volume, open order count and notional. Orders and positions are added and removed as {@link Exposure}s.
 */
export class ExposureBook {
  readonly #pools = new Map<string, PoolUsage>();
  readonly #pairs = new Map<string, PairExposure>();

  pool(currency: string): PoolUsage {
    return this.#pools.get(currency) ?? EMPTY_POOL;
  }

  pools(): ReadonlyMap<string, PoolUsage> {
    return this.#pools;
  }

  pair(pairId: string): PairExposure | undefined {
    return this.#pairs.get(pairId);
  }

  pairs(): ReadonlyMap<string, PairExposure> {
    return this.#pairs;
  }

  addOrder(exposure: Exposure, sign: 1 | -1): void {
    this.#addPool(exposure, sign, 'orders');
    const pair = this.#pairOf(exposure.pairId);
    pair.openingVolume[exposure.side] = plus(pair.openingVolume[exposure.side], exposure.sizeVolume, sign);
    pair.closingVolume[exposure.side] = plus(pair.closingVolume[exposure.side], exposure.closingVolume, sign);
    pair.notional = plus(pair.notional, exposure.notional, sign);
  }

  /** An order starts or stops counting as open on its pair (in-flight counts: it will be open in a moment). */
  countOrder(pairId: string, sign: 1 | -1): void {
    this.#pairOf(pairId).openOrders += sign;
  }

  addPosition(exposure: Exposure, sign: 1 | -1): void {
    this.#addPool(exposure, sign, 'positions');
    const pair = this.#pairOf(exposure.pairId);
    pair.positionVolume[exposure.side] = plus(pair.positionVolume[exposure.side], exposure.sizeVolume, sign);
    pair.notional = plus(pair.notional, exposure.notional, sign);
  }

  /**
   * The aggregates of a pair and of a pool as they are now, and how to put them back exactly (no arithmetic: the
   * values themselves), for a change that is taken back.
   */
  save(pairId: string, pool: string | undefined): () => void {
    const pair = this.#pairs.get(pairId);
    const pairCopy = pair === undefined ? undefined : copyPair(pair);
    const usage = pool === undefined ? undefined : this.#pools.get(pool);
    const usageCopy = usage === undefined ? undefined : { ...usage };
    return () => {
      putBack(this.#pairs, pairId, pairCopy);
      if (pool !== undefined) putBack(this.#pools, pool, usageCopy);
    };
  }

  clear(): void {
    this.#pools.clear();
    this.#pairs.clear();
  }

  #addPool(exposure: Exposure, sign: 1 | -1, part: 'orders' | 'positions'): void {
    if (exposure.pool === undefined || exposure.borrow.isZero()) return;
    const usage = this.#pools.get(exposure.pool) ?? { positions: ZERO, orders: ZERO, total: ZERO };
    usage[part] = plus(usage[part], exposure.borrow, sign);
    usage.total = plus(usage.total, exposure.borrow, sign);
    this.#pools.set(exposure.pool, usage);
  }

  #pairOf(pairId: string): PairExposure {
    let pair = this.#pairs.get(pairId);
    if (pair === undefined) {
      pair = {
        positionVolume: { buy: ZERO, sell: ZERO },
        openingVolume: { buy: ZERO, sell: ZERO },
        closingVolume: { buy: ZERO, sell: ZERO },
        openOrders: 0,
        notional: ZERO,
      };
      this.#pairs.set(pairId, pair);
    }
    return pair;
  }
}

function plus(a: Dec, b: Dec, sign: 1 | -1): Dec {
  return sign === 1 ? a.plus(b) : a.minus(b);
}

function copyPair(pair: PairExposure): PairExposure {
  return {
    positionVolume: { ...pair.positionVolume },
    openingVolume: { ...pair.openingVolume },
    closingVolume: { ...pair.closingVolume },
    openOrders: pair.openOrders,
    notional: pair.notional,
  };
}

// Set on a key that is there keeps its place in the map, so the books iterate as before.
function putBack<T>(map: Map<string, T>, key: string, value: T | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
