import type { AccountConfig, WithdrawalKeyConfig } from '../config/accounts.js';
import type { TierName } from '../config/tiers.js';
import { type Decimal, dec, ZERO } from '../core/decimal.js';
import type { ScheduledTask } from '../core/scheduler.js';
import type { Position } from '../margin/position.js';
import type { Order } from '../orders/order.js';
import type { DecayingCounter } from '../rate-limit/decaying-counter.js';
import type { ApiKeyState } from './api-key.js';
import type { LedgerEntry, TradeRecord, WithdrawalRecord } from './records.js';

/** A 30-day volume contribution (USD) at a time. */
interface VolumePoint {
  time: number;
  usd: Decimal;
}

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/**
 * One simulated account: balances by Kraken asset id, its keys, orders, positions, trades, ledger, withdrawals
 * and per-pair matching-engine counters. It holds state only; the rules live in the services.
 */
export class Account {
  readonly id: string;
  tier: TierName;
  readonly balances = new Map<string, Decimal>();
  readonly keys: ApiKeyState[] = [];
  readonly withdrawalKeys: ReadonlyMap<string, WithdrawalKeyConfig>;
  /** Every order, open and closed, by txid. */
  readonly orders = new Map<string, Order>();
  /** Open orders only (kept by orders/lifecycle.ts), so per-order checks do not scan the whole history. */
  readonly open = new Set<Order>();
  readonly positions = new Map<string, Position>();
  readonly trades = new Map<string, TradeRecord>();
  readonly ledger = new Map<string, LedgerEntry>();
  readonly withdrawals: WithdrawalRecord[] = [];
  readonly tradingCounters = new Map<string, DecayingCounter>();
  deadMan: { triggerAt: number; task: ScheduledTask } | undefined;
  readonly #volumeBaseline: Decimal;
  /** Fills inside the 30-day window, oldest first, from `#volumeStart`, and their running sum. */
  readonly #volume: VolumePoint[] = [];
  #volumeStart = 0;
  #volumeSum: Decimal = ZERO;

  constructor(id: string, config: AccountConfig, resolveAsset: (name: string) => string) {
    this.id = id;
    this.tier = config.tier;
    this.withdrawalKeys = new Map(Object.entries(config.withdrawalKeys ?? {}));
    this.#volumeBaseline = dec(config.volume30d ?? '0');
    for (const [asset, amount] of Object.entries(config.balances ?? {})) {
      const id = resolveAsset(asset);
      this.balances.set(id, (this.balances.get(id) ?? ZERO).plus(dec(amount)));
    }
  }

  /** The account's balance of `asset` (zero when it holds none). */
  balance(asset: string): Decimal {
    return this.balances.get(asset) ?? ZERO;
  }

  /** Adds a signed amount to a balance and returns the new balance. */
  adjust(asset: string, amount: Decimal): Decimal {
    const next = this.balance(asset).plus(amount);
    this.balances.set(asset, next);
    return next;
  }

  /** Rolling 30-day USD volume at `now`: the configured baseline plus fills within the window. */
  volume30d(now: number): Decimal {
    const since = now - THIRTY_DAYS_MS;
    for (
      let head = this.#volume[this.#volumeStart];
      head !== undefined && head.time < since;
      head = this.#volume[this.#volumeStart]
    ) {
      this.#volumeSum = this.#volumeSum.minus(head.usd);
      this.#volumeStart += 1;
    }
    if (this.#volumeStart > 1024 && this.#volumeStart * 2 > this.#volume.length) {
      this.#volume.splice(0, this.#volumeStart);
      this.#volumeStart = 0;
    }
    return this.#volumeBaseline.plus(this.#volumeSum);
  }

  /** Adds a trade's USD value to the rolling 30-day volume that sets the fee tier. */
  addVolume(time: number, usd: Decimal): void {
    this.#volume.push({ time, usd });
    this.#volumeSum = this.#volumeSum.plus(usd);
  }

  /** Open orders, oldest first (insertion order of the set). */
  openOrders(): Iterable<Order> {
    return this.open;
  }
}
