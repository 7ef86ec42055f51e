import type { DecimalInput } from './decimal.js';
import type { ExchangeSnapshot } from './state/exchange-raw.js';
import type { TradingState } from './state/trading-state.js';

/** A withdrawal made before the guard started, counted in the rolling 24-hour window. */
export interface PastWithdrawal {
  usd: DecimalInput;
  /** Epoch ms. */
  at: number;
  asset?: string;
  amount?: DecimalInput;
}

/** The guard's starting state: exchange data in Kraken's raw shapes, plus what only the caller knows. */
export interface GuardSeed extends ExchangeSnapshot {
  tradingState?: TradingState;
  tradingStateReason?: string;
  /** Reference mid, or `{ bid, ask }`, per pair (any pair name). */
  referencePrices?: Readonly<Record<string, DecimalInput | { bid: DecimalInput; ask: DecimalInput }>>;
  /** USD price per asset (any asset code), for withdrawal limits. */
  usdPrices?: Readonly<Record<string, DecimalInput>>;
  withdrawals?: readonly PastWithdrawal[];
}
