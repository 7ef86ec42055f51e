/**
 * One key's matching-engine side in the Kraken stub (support/trading-counter-model.ts): a counter per pair, the
 * open orders with their pair and creation time, and what it charged. AddOrder charges +1 and opens an order;
 * CancelOrder (by txid or cl_ord_id) charges by the order's age and closes it; a call that would take its pair's
 * counter past the threshold is refused and charges nothing.
 */
import {
  ADD_ORDER_COST,
  cancelOrderCost,
  PairCounter,
  type TradingCounterLimits,
} from './trading-counter-model.js';

/** One charge of an accepted trading call. */
export interface TradingCharge {
  /** When it was accepted (epoch ms, the stub's clock). */
  at: number;
  units: number;
}

/** What a key's matching engine accepted and refused. */
export interface TradingStats {
  addsAccepted: number;
  cancelsAccepted: number;
  /** Trading calls refused with `EOrder:Rate limit exceeded`. */
  tradingRateLimited: number;
  /** Every accepted trading call's charge, in order. */
  tradingCharges: TradingCharge[];
}

/** A trading call's answer: accepted, refused for the rate limit, or the order is not known. */
export type TradingVerdict = 'accepted' | 'rate-limited' | 'unknown-order';

interface OpenOrder {
  pair: string;
  createdAt: number;
  clOrdId: string | undefined;
}

export class StubMatchingEngine {
  readonly stats: TradingStats = {
    addsAccepted: 0,
    cancelsAccepted: 0,
    tradingRateLimited: 0,
    tradingCharges: [],
  };
  private readonly counters = new Map<string, PairCounter>();
  private readonly orders = new Map<string, OpenOrder>();
  private readonly txidByClOrdId = new Map<string, string>();

  constructor(private readonly limits: TradingCounterLimits) {}

  /** AddOrder on `pair` (normalised by the caller); opens `txid` when accepted. */
  add(txid: string, pair: string, clOrdId: string | undefined, now: number): TradingVerdict {
    if (!this.tryCharge(pair, ADD_ORDER_COST, now)) return 'rate-limited';
    this.orders.set(txid, { pair, createdAt: now, clOrdId });
    if (clOrdId !== undefined) this.txidByClOrdId.set(clOrdId, txid);
    this.stats.addsAccepted += 1;
    return 'accepted';
  }

  /** CancelOrder by txid or cl_ord_id. */
  cancel(ref: { txid: string | undefined; clOrdId: string | undefined }, now: number): TradingVerdict {
    const txid = ref.txid ?? (ref.clOrdId === undefined ? undefined : this.txidByClOrdId.get(ref.clOrdId));
    const order = txid === undefined ? undefined : this.orders.get(txid);
    if (txid === undefined || order === undefined) return 'unknown-order';
    if (!this.tryCharge(order.pair, cancelOrderCost(now - order.createdAt), now)) return 'rate-limited';
    this.orders.delete(txid);
    if (order.clOrdId !== undefined) this.txidByClOrdId.delete(order.clOrdId);
    this.stats.cancelsAccepted += 1;
    return 'accepted';
  }

  /** A copy of the stats (the stub hands them across a process boundary). */
  snapshot(): TradingStats {
    return { ...this.stats, tradingCharges: this.stats.tradingCharges.map((charge) => ({ ...charge })) };
  }

  private tryCharge(pair: string, units: number, now: number): boolean {
    let counter = this.counters.get(pair);
    if (counter === undefined) {
      counter = new PairCounter(this.limits, now);
      this.counters.set(pair, counter);
    }
    if (!counter.tryCharge(units, now)) {
      this.stats.tradingRateLimited += 1;
      return false;
    }
    this.stats.tradingCharges.push({ at: now, units });
    return true;
  }
}
