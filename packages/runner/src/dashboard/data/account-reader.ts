import { normalizePermissions, PERMISSIONS } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { describeError } from '../../engine/halting.js';
import type { DashboardSource } from './source.js';

/** Balances as last read, or why they could not be. */
export interface BalancesRead {
  at: number | undefined;
  balances: Array<{ asset: string; amount: string }>;
  error?: string;
}

/** Fiat deposited in the last 24 h as the ledger shows it, or why it is not known. */
export interface FiatDepositsRead {
  at: number | undefined;
  /** Amount per fiat asset. */
  byAsset: Array<{ asset: string; amount: string }>;
  /** USD and ZUSD deposits: the only fiat this figure values without a price. */
  usd: string | undefined;
  /** Why the figure is missing or partial. */
  note?: string;
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
const USD = new Set(['ZUSD', 'USD']);
const DAY_MS = 86_400_000;

/**
 * Reads the account for the account page through the first key's client: Balance, and Ledgers for the last 24 h of
 * deposits when the key may read ledgers. One read at a time runs, at most one per `refreshMs`, so a page polling
 * fast spends no more of the key's REST budget than that (the bots share it).
 */
export class AccountReader {
  readonly #source: DashboardSource;
  readonly #refreshMs: number;
  readonly #now: () => number;
  #balances: BalancesRead = { at: undefined, balances: [] };
  #deposits: FiatDepositsRead = { at: undefined, byAsset: [], usd: undefined };
  #reading: Promise<void> | undefined;

  constructor(source: DashboardSource, refreshMs: number, now: () => number = Date.now) {
    this.#source = source;
    this.#refreshMs = refreshMs;
    this.#now = now;
  }

  /**
   * Balances and fiat deposits. The first call waits for the first read; later ones answer at once with the last
   * read, and start a new one in the background when it is older than `refreshMs` (the key's REST budget may make a
   * read wait behind the bots' calls: the page must not wait with it).
   */
  async read(): Promise<{ balances: BalancesRead; fiatDeposits: FiatDepositsRead }> {
    const last = this.#balances.at;
    if (last === undefined) await this.refresh();
    else if (this.#now() - last >= this.#refreshMs) void this.refresh();
    return { balances: this.#balances, fiatDeposits: this.#deposits };
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
      this.#balances = { at, balances: [], error: 'no key: the config declares no bot with a key' };
      return;
    }
    const [name, client] = entry;
    try {
      const balance = await client.balance();
      const balances = Object.entries(balance)
        .filter(([, amount]) => !new Decimal(amount).isZero())
        .map(([asset, amount]) => ({ asset, amount }));
      this.#balances = { at, balances };
    } catch (error) {
      this.#balances = { at, balances: this.#balances.balances, error: describeError(error).message };
    }
    this.#deposits = await this.#fiatDeposits(name, client, at);
  }

  async #fiatDeposits(name: string, client: DashboardClient, at: number): Promise<FiatDepositsRead> {
    const declared = this.#source.config.keys[name]?.permissions ?? [];
    if (!normalizePermissions(declared).includes(PERMISSIONS.ledger_query))
      return {
        at,
        byAsset: [],
        usd: undefined,
        note: `key ${name} may not read ledgers (${PERMISSIONS.ledger_query}): 24 h fiat deposits unknown`,
      };
    try {
      const { ledger } = await client.ledgers({ type: 'deposit', start: Math.floor((at - DAY_MS) / 1000) });
      const byAsset = new Map<string, Decimal>();
      for (const entry of Object.values(ledger)) {
        if (!FIAT.has(entry.asset)) continue;
        byAsset.set(entry.asset, (byAsset.get(entry.asset) ?? new Decimal(0)).plus(entry.amount));
      }
      let usd = new Decimal(0);
      for (const [asset, amount] of byAsset) if (USD.has(asset)) usd = usd.plus(amount);
      const unvalued = [...byAsset.keys()].filter((asset) => !USD.has(asset));
      return {
        at,
        byAsset: [...byAsset].map(([asset, amount]) => ({ asset, amount: amount.toFixed() })),
        usd: usd.toFixed(),
        ...(unvalued.length === 0
          ? {}
          : { note: `not counted in USD (no price here): ${unvalued.join(', ')}` }),
      };
    } catch (error) {
      return { at, byAsset: [], usd: undefined, note: `Ledgers failed: ${describeError(error).message}` };
    }
  }
}

type DashboardClient =
  DashboardSource['connection']['clients'] extends ReadonlyMap<string, infer C> ? C : never;
