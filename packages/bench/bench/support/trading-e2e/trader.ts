/**
 * What the trading budget bench's contestants share: each places and cancels one limit order on XBTUSD after the
 * other (add, cancel at once, repeat), always wanting more than the matching-engine counter allows, until it is
 * told to stop, and counts what it completed and what went wrong.
 */

export const TRADERS = ['krakenkit', 'bare', 'ccxt'] as const;
export type TraderName = (typeof TRADERS)[number];

/** The order every contestant places: far from any market, so it rests until cancelled. */
export const CYCLE_ORDER = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  price: '37500',
  volume: '1.25',
} as const;

/** What one contestant did in a round, as it saw it. */
export interface TradeReport {
  /** Add+cancel cycles whose add and cancel were both accepted. */
  cycles: number;
  /** Calls refused with `EOrder:Rate limit exceeded`. */
  rateLimited: number;
  /** Any other failure, with the first one. */
  other: number;
  firstOther?: string;
}

export interface CycleTrader {
  /** Set-up that must not count against the window (e.g. CCXT loading its markets). */
  prepare(): Promise<void>;
  /** Runs add+cancel cycles until `deadline` (epoch ms). */
  trade(deadline: number): Promise<TradeReport>;
  close(): Promise<void>;
}

/** Kraken's answer to a trading call that would pass the pair's threshold. */
export const TRADING_RATE_LIMIT = 'EOrder:Rate limit exceeded';

/** A report being filled in: `fail` counts an error as rate-limited or other. */
export function tradeReport(): TradeReport & { fail(error: unknown, rateLimited: boolean): void } {
  const report: TradeReport = { cycles: 0, rateLimited: 0, other: 0 };
  return Object.assign(report, {
    fail(error: unknown, rateLimited: boolean) {
      if (rateLimited) report.rateLimited += 1;
      else {
        report.other += 1;
        report.firstOther ??= describe(error);
      }
    },
  });
}

/** The plain fields of a report (what the bench keeps of it). */
export function finished({ cycles, rateLimited, other, firstOther }: TradeReport): TradeReport {
  return { cycles, rateLimited, other, ...(firstOther === undefined ? {} : { firstOther }) };
}

/** Resolves after `ms` (at once for 0 or less). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message.slice(0, 160)}`
    : String(error).slice(0, 160);
}
