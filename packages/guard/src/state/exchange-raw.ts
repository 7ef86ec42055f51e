/**
 * Kraken's own result shapes for the calls that seed and reconcile the guard (docs/kraken/rest-endpoints.md). Only the fields the
 * guard reads are typed; everything arrives as Kraken sends it (decimal strings, unix seconds).
 */

/** One entry of OpenPositions `result` (keyed by position txid). */
export interface OpenPositionRaw {
  ordertxid?: string;
  posstatus?: string;
  /** Pair id, e.g. `XXBTZUSD`. */
  pair: string;
  /** Opening time, unix seconds (orders FIFO). */
  time?: number;
  type: 'buy' | 'sell';
  /** Quote-currency cost of the position's volume. */
  cost: string;
  vol: string;
  vol_closed?: string;
}

/** One entry of OpenOrders `result.open` (keyed by txid). */
export interface OpenOrderRaw {
  status?: string;
  cl_ord_id?: string | null;
  opentm?: number;
  descr: {
    /** Pair altname, e.g. `XBTUSD`. */
    pair: string;
    type: 'buy' | 'sell';
    ordertype: string;
    price?: string;
    price2?: string;
    /** `"none"` for spot, `"5:1"` for margin. */
    leverage?: string;
  };
  vol: string;
  vol_exec?: string;
  oflags?: string;
  /** Comma list of notes, e.g. `amended` (changed since it was placed). */
  misc?: string;
  margin?: boolean;
  reduce_only?: boolean;
}

/** The exchange data the guard can be seeded and reconciled from: raw results of the four calls. */
export interface ExchangeSnapshot {
  /** OpenPositions `result`. */
  openPositions?: Readonly<Record<string, OpenPositionRaw>>;
  /** OpenOrders `result` (`{ open: {...} }`). */
  openOrders?: { open: Readonly<Record<string, OpenOrderRaw>> };
  /** Balance `result`: asset → decimal string. */
  balance?: Readonly<Record<string, string>>;
  /** TradeVolume `result`: 30-day USD volume (kept for reports; no rule reads it). */
  tradeVolume?: { volume: string; currency?: string };
}
