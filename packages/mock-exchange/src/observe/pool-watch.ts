import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, dec, ZERO } from '../core/decimal.js';
import { accountUsage } from '../margin/pool-usage.js';
import { borrowAsset, borrowedAmount } from '../margin/position.js';
import type { Pair } from '../market/pairs.js';

/** One margin pool of one account, watched at every change. Amounts are decimal text in the pool's currency. */
export interface PoolReport {
  account: string;
  currency: string;
  /** What usage is judged against: the limit given to the metrics for this currency, else `allowance`. */
  limit: string;
  /** The exchange's own allowance for the account's tier (it refuses orders above it). */
  allowance: string;
  /** Usage now: open positions plus open position-opening margin orders (what Kraken counts). */
  usage: string;
  /** The highest usage seen, and when (exchange clock, epoch ms). */
  maxUsage: string;
  maxAt: number;
  /** The highest amount open positions alone borrowed. */
  maxPositions: string;
  /** Samples above `limit`, and the most usage ever stood above it. */
  samplesOver: number;
  maxOver: string;
  /** Changes sampled. */
  samples: number;
}

interface PoolState {
  account: Account;
  currency: string;
  usage: Decimal;
  positions: Decimal;
  maxUsage: Decimal;
  maxAt: number;
  maxPositions: Decimal;
  samplesOver: number;
  maxOver: Decimal;
  samples: number;
  /** [time, usage, positions] of every change, bounded. */
  series: Array<[number, string, string]>;
}

/**
 * Samples each account's margin pool usage whenever an order or position changes it. Changes are collected and
 * sampled once the step that made them is over (at the end of the request, or a microtask later for the
 * exchange's own timed steps), so a sample never sees a fill half applied (an order's remaining volume and the
 * position it opened counted twice).
 */
export class PoolWatch {
  readonly #pools = new Map<string, PoolState>();
  /** Accounts and pairs changed since the last sample. */
  readonly #dirty = new Map<Account, Set<Pair>>();
  #scheduled = false;

  constructor(
    private readonly ctx: ExchangeContext,
    private readonly limits: ReadonlyMap<string, Decimal>,
    private readonly sampleLimit: number,
  ) {}

  /** Notes that a margin order or a position of `account` on `pair` changed. */
  changed(account: Account, pair: Pair): void {
    let pairs = this.#dirty.get(account);
    if (pairs === undefined) {
      pairs = new Set();
      this.#dirty.set(account, pairs);
    }
    pairs.add(pair);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Samples every pool changed since the last sample (at once: reports call it first). */
  flush(): void {
    this.#scheduled = false;
    if (this.#dirty.size === 0) return;
    const now = this.ctx.clock.now();
    for (const [account, pairs] of this.#dirty) {
      const currencies = new Set<string>();
      for (const pair of pairs) {
        currencies.add(this.ctx.allowances.currencyOf(borrowAsset(pair, 'buy')));
        currencies.add(this.ctx.allowances.currencyOf(borrowAsset(pair, 'sell')));
      }
      for (const currency of currencies) this.#sample(account, currency, now);
    }
    this.#dirty.clear();
  }

  /** Every pool's figures. */
  report(): PoolReport[] {
    this.flush();
    return [...this.#pools.values()].map((pool) => ({
      account: pool.account.id,
      currency: pool.currency,
      limit: this.#limitOf(pool.account, pool.currency).toFixed(),
      allowance: this.#allowanceOf(pool.account, pool.currency).toFixed(),
      usage: pool.usage.toFixed(),
      maxUsage: pool.maxUsage.toFixed(),
      maxAt: pool.maxAt,
      maxPositions: pool.maxPositions.toFixed(),
      samplesOver: pool.samplesOver,
      maxOver: pool.maxOver.toFixed(),
      samples: pool.samples,
    }));
  }

  /** Each pool's samples as [time, usage, positions] rows, by `<account>/<currency>`. */
  rows(): Record<string, Array<[number, string, string]>> {
    this.flush();
    return Object.fromEntries(
      [...this.#pools.values()].map((pool) => [`${pool.account.id}/${pool.currency}`, pool.series]),
    );
  }

  #sample(account: Account, currency: string, now: number): void {
    const usage = accountUsage(this.ctx, account, currency);
    const positions = this.#positionsUsage(account, currency);
    const id = `${account.id}/${currency}`;
    let pool = this.#pools.get(id);
    if (pool === undefined) {
      if (usage.isZero()) return;
      pool = {
        account,
        currency,
        usage,
        positions,
        maxUsage: ZERO,
        maxAt: now,
        maxPositions: ZERO,
        samplesOver: 0,
        maxOver: ZERO,
        samples: 0,
        series: [],
      };
      this.#pools.set(id, pool);
    } else if (usage.equals(pool.usage) && positions.equals(pool.positions)) return;
    pool.usage = usage;
    pool.positions = positions;
    pool.samples += 1;
    if (usage.greaterThan(pool.maxUsage)) {
      pool.maxUsage = usage;
      pool.maxAt = now;
    }
    if (positions.greaterThan(pool.maxPositions)) pool.maxPositions = positions;
    const over = usage.minus(this.#limitOf(account, currency));
    if (over.greaterThan(ZERO)) {
      pool.samplesOver += 1;
      if (over.greaterThan(pool.maxOver)) pool.maxOver = over;
    }
    pool.series.push([now, usage.toFixed(), positions.toFixed()]);
    if (pool.series.length > this.sampleLimit) pool.series.splice(0, Math.ceil(this.sampleLimit / 10));
  }

  // Open positions only, counted like the exchange counts them (fiat allowances limit longs only).
  #positionsUsage(account: Account, currency: string): Decimal {
    const fiat = this.ctx.allowances.entry(currency, account.tier)?.fiat === true;
    let total = ZERO;
    for (const position of account.positions.values()) {
      if (fiat && position.side === 'sell') continue;
      if (this.ctx.allowances.currencyOf(borrowAsset(position.pair, position.side)) === currency)
        total = total.plus(borrowedAmount(position));
    }
    return total;
  }

  #allowanceOf(account: Account, currency: string): Decimal {
    return this.ctx.allowances.entry(currency, account.tier)?.allowance ?? ZERO;
  }

  #limitOf(account: Account, currency: string): Decimal {
    return this.limits.get(currency) ?? this.#allowanceOf(account, currency);
  }
}

/** Limits by pool currency (aliases resolved: XBT and XXBT are BTC), from decimal text. */
export function poolLimits(
  ctx: ExchangeContext,
  limits: Readonly<Record<string, string>>,
): Map<string, Decimal> {
  return new Map(
    Object.entries(limits).map(([currency, text]) => [ctx.allowances.currencyOf(currency), dec(text)]),
  );
}
