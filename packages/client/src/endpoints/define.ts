import type { Permission } from '../keys/permissions.js';

/** How a call is charged against Kraken's limits (see rate-limit/). */
export type RateClass =
  | { kind: 'public' }
  /** REST call counter: `cost` units, or the configurable history cost (Ledgers, TradesHistory, ClosedOrders...). */
  | { kind: 'rest'; cost: number | 'history' }
  /** Matching-engine counter per pair. */
  | { kind: 'trading'; action: TradingAction };

/** A trading call as the matching-engine rate counter sees it (each action has its own cost). */
export type TradingAction =
  | 'add'
  | 'batch-add'
  | 'amend'
  | 'edit'
  | 'cancel'
  | 'batch-cancel'
  | 'cancel-all'
  | 'dead-man';

/**
 * Everything the client needs to call one Kraken endpoint. One descriptor per endpoint file, next to the
 * endpoint's `Params` and `Result` types.
 */
export interface EndpointDescriptor<Params, Result> {
  /** Kraken's method name, e.g. `AddOrder`; also the last path segment. */
  name: string;
  access: 'public' | 'private';
  /** Any one of these permissions allows the call (CancelOrder accepts two). Empty for public endpoints. */
  permissions: readonly Permission[];
  rate: RateClass;
  /** `query` for public GETs; `form` (default for private) or `json` where Kraken requires nested data. */
  encoding: 'query' | 'form' | 'json';
  /** Safe to repeat: reads. Orders, cancels and withdrawals are not. */
  idempotent: boolean;
  /** Validates and converts typed params into the wire params (strings, numbers, booleans, nested objects). */
  toWire(params: Params): Record<string, unknown>;
  /** Optional typed view of the raw `result` (default: returned as-is). */
  fromWire?(result: unknown): Result;
  /**
   * What a successful answer must hold: returns why `result` falls short (e.g. "it has no txid"), or undefined.
   * A short answer is then no success but an unknown outcome (an order is reconciled by its client order id).
   */
  resultNeeds?(result: unknown, wire: Record<string, unknown>): string | undefined;
  /** Phantom field so Params/Result are inferred from a descriptor. */
  readonly __types?: { params: Params; result: Result };
}

/** Declares an endpoint; an identity function that fixes the descriptor's `Params` and `Result` types. */
export function defineEndpoint<Params, Result>(
  descriptor: EndpointDescriptor<Params, Result>,
): EndpointDescriptor<Params, Result> {
  return descriptor;
}

/** The parameters type of an endpoint descriptor. */
export type ParamsOf<E> = E extends EndpointDescriptor<infer P, unknown> ? P : never;
/** The result type of an endpoint descriptor. */
export type ResultOf<E> = E extends EndpointDescriptor<unknown, infer R> ? R : never;
