import { normalizePermissions, PERMISSIONS, type Permission } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { describeError } from '../../engine/halting.js';
import type { DashboardSource } from './source.js';
import { type Prices, pricesFrom, pricingPairs, TIER_CURRENCY } from './valuation.js';
import { type WithdrawalsRead, withdrawalsWithin } from './withdrawals-read.js';

/** Balances as last read, or why they could not be. */
export interface BalancesRead {
  at: number | undefined;
  balances: Array<{ asset: string; amount: string }>;
  error?: string;
}

/** Fiat deposited in the last 24 h as the ledger shows it, or why it is not known. */
export interface FiatDepositsRead {
  at: number | undefined;
  /** Amount per fiat asset; undefined when the ledger could not be read. */
  byAsset: Array<{ asset: string; amount: string }> | undefined;
  /** Why the figure is missing. */
  note?: string;
}

/** What the account page is built from: the latest reads, and the prices that value them. */
export interface AccountRead {
  balances: BalancesRead;
  fiatDeposits: FiatDepositsRead;
  withdrawals: WithdrawalsRead;
  prices: Prices;
}

// Fiat asset codes as Kraken's Balance and Ledgers spell them (legacy Z-names and the plain ones).
const FIAT = new Set([
  'ZUSD',
  'USD',
  'ZEUR',
  'EUR',
  'ZGBP',
  'GBP',
  'ZCAD',
  'CAD',
  'ZJPY',
  'JPY',
  'ZAUD',
  'AUD',
  'CHF',
]);
const DAY_MS = 86_400_000;

/**
 * Reads the account for the account page: Balance, and Ledgers for the last 24 h of deposits, through the first
 * key; WithdrawStatus through a key that may withdraw; and Ticker for the pairs that value what those hold in the
 * tier's currency. One read at a time runs, at most one per `refreshMs`, so a page polling fast spends no more of
 * the key's REST budget than that (the bots share it).
 */
export class AccountReader {
  readonly #source: DashboardSource;
  readonly #refreshMs: number;
  readonly #now: () => number;
  #read: AccountRead = {
    balances: { at: undefined, balances: [] },
    fiatDeposits: { at: undefined, byAsset: undefined },
    withdrawals: { at: undefined, key: null, withdrawals: undefined },
    prices: { currency: TIER_CURRENCY, at: null, prices: [], missing: [] },
  };
  #reading: Promise<void> | undefined;

  constructor(source: DashboardSource, refreshMs: number, now: () => number = Date.now) {
    this.#source = source;
    this.#refreshMs = refreshMs;
    this.#now = now;
  }

  /**
   * The latest reads. The first call waits for the first read; later ones answer at once with the last read, and
   * start a new one in the background when it is older than `refreshMs` (the key's REST budget may make a read
   * wait behind the bots' calls: the page must not wait with it).
   */
  async read(): Promise<AccountRead> {
    const last = this.#read.balances.at;
    if (last === undefined) await this.refresh();
    else if (this.#now() - last >= this.#refreshMs) void this.refresh();
    return this.#read;
  }

  /** Reads the account now, unless a read is already under way (then waits for that one). */
  refresh(): Promise<void> {
    this.#reading ??= this.#refresh().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #refresh(): Promise<void> {
    const entry = [...this.#source.connection.clients][0];
    const at = this.#now();
    if (entry === undefined) {
      this.#read = {
        ...this.#read,
        balances: { at, balances: [], error: 'no key: the config declares no bot with a key' },
      };
      return;
    }
    const [name, client] = entry;
    const balances = await this.#balances(client, at);
    const fiatDeposits = await this.#fiatDeposits(name, client, at);
    const withdrawals = await this.#withdrawals(at);
    const assets = [
      ...balances.balances.map((row) => row.asset),
      ...(fiatDeposits.byAsset ?? []).map((row) => row.asset),
      ...(withdrawals.withdrawals ?? []).map((row) => row.asset),
    ];
    const prices = await this.#prices(client, assets, at);
    this.#read = { balances, fiatDeposits, withdrawals, prices };
  }

  async #balances(client: DashboardClient, at: number): Promise<BalancesRead> {
    try {
      const balance = await client.balance();
      const balances = Object.entries(balance)
        .filter(([, amount]) => !new Decimal(amount).isZero())
        .map(([asset, amount]) => ({ asset, amount }));
      return { at, balances };
    } catch (error) {
      return { at, balances: this.#read.balances.balances, error: describeError(error).message };
    }
  }

  async #fiatDeposits(name: string, client: DashboardClient, at: number): Promise<FiatDepositsRead> {
    if (!this.#declares(name, PERMISSIONS.ledger_query))
      return {
        at,
        byAsset: undefined,
        note: `key ${name} may not read ledgers (${PERMISSIONS.ledger_query}): 24 h fiat deposits unknown`,
      };
    try {
      const { ledger } = await client.ledgers({ type: 'deposit', start: Math.floor((at - DAY_MS) / 1000) });
      const byAsset = new Map<string, Decimal>();
      for (const entry of Object.values(ledger)) {
        if (!FIAT.has(entry.asset)) continue;
        byAsset.set(entry.asset, (byAsset.get(entry.asset) ?? new Decimal(0)).plus(entry.amount));
      }
      return { at, byAsset: [...byAsset].map(([asset, amount]) => ({ asset, amount: amount.toFixed() })) };
    } catch (error) {
      return { at, byAsset: undefined, note: `Ledgers failed: ${describeError(error).message}` };
    }
  }

  // WithdrawStatus needs the Withdraw permission, which a trading key should not have: any key of the config's
  // bots that declares it is used, and without one the page says so.
  async #withdrawals(at: number): Promise<WithdrawalsRead> {
    const entry = [...this.#source.connection.clients].find(([name]) =>
      this.#declares(name, PERMISSIONS.funds_withdraw),
    );
    if (entry === undefined)
      return {
        at,
        key: null,
        withdrawals: undefined,
        note: `no key of the bots may read WithdrawStatus (${PERMISSIONS.funds_withdraw}): the exchange's 24 h withdrawals are unknown`,
      };
    const [name, client] = entry;
    try {
      return { at, key: name, ...withdrawalsWithin(await client.withdrawStatus({}), at) };
    } catch (error) {
      return {
        at,
        key: name,
        withdrawals: undefined,
        note: `WithdrawStatus failed: ${describeError(error).message}`,
      };
    }
  }

  async #prices(client: DashboardClient, assets: readonly string[], at: number): Promise<Prices> {
    const pairs = pricingPairs(this.#source.connection.assetPairs, assets);
    const ids = [...new Set([...pairs.values()].map((pair) => pair.pair))];
    try {
      const ticker = ids.length === 0 ? {} : await client.ticker({ pair: ids });
      return pricesFrom(pairs, ticker, assets, at);
    } catch (error) {
      // The last prices stand, marked with the failure: a page with stale values says so.
      return { ...this.#read.prices, error: `Ticker failed: ${describeError(error).message}` };
    }
  }

  #declares(key: string, permission: Permission): boolean {
    return normalizePermissions(this.#source.config.keys[key]?.permissions ?? []).includes(permission);
  }
}

type DashboardClient =
  DashboardSource['connection']['clients'] extends ReadonlyMap<string, infer C> ? C : never;
