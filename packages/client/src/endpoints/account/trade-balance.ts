import { toAsset, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link TradeBalance}. */
export interface TradeBalanceParams {
  /** Asset the figures are valued in (Kraken's default ZUSD). */
  asset?: string;
}

/** Margin account summary, decimal text (docs/kraken/rest-endpoints.md TradeBalance). */
export interface TradeBalanceResult {
  /** Equivalent balance (all currencies). */
  eb: string;
  /** Trade balance (equity currencies). */
  tb: string;
  /** Margin used by open positions. */
  m: string;
  /** Unrealised net P&L. */
  n: string;
  /** Cost basis of open positions. */
  c: string;
  /** Floating valuation of open positions. */
  v: string;
  /** Equity = tb + n. */
  e: string;
  /** Free margin = e − m. */
  mf: string;
  /** Margin level = e / m × 100; only with open positions. */
  ml?: string;
  /** Unexecuted value. */
  uv?: string;
  mfo?: string;
}

/** `POST /0/private/TradeBalance`. */
export const TradeBalance = defineEndpoint<TradeBalanceParams, TradeBalanceResult>({
  name: 'TradeBalance',
  access: 'private',
  permissions: [PERMISSIONS.funds_query],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('TradeBalance', params, ['asset']);
    w.optional('asset', toAsset);
    return w.done();
  },
});
