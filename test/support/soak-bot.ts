/**
 * The chaos soak's bot: a small real strategy through the guarded client. Per pair it rests limit orders a little
 * away from the touch, sends small market orders, cancels its oldest orders, and now and then syncs the guard
 * with the exchange (OpenOrders + OpenPositions). Margin is in the mix: longs on XBT/USD (borrowing USD), shorts on
 * ETH/USD (borrowing ETH). Every order it sends past the guard has its own `cl_ord_id` in the ledger; an order
 * whose outcome is unknown stays `pending` until the bot has looked it up on the exchange.
 */
import { randomUUID } from 'node:crypto';
import {
  type AddOrderParams,
  type AddOrderResult,
  isAmbiguous,
  type KrakenClient,
  KrakenError,
  UnknownOrderOutcomeError,
} from '@krakenkit/client';
import { type Guard, type GuardedClient, GuardRejectedError } from '@krakenkit/guard';
import { Decimal } from 'decimal.js';
import type { SoakTime } from './soak-time.js';

/** What the bot knows about one order it sent. */
export interface LedgerEntry {
  clOrdId: string;
  pair: string;
  status: 'pending' | 'placed' | 'absent' | 'rejected';
  txid?: string;
  /** How its fate became known. */
  via?: 'answer' | 'client-reconciled' | 'bot-lookup';
}

export interface BotStats {
  ordersSent: number;
  guardRefused: Record<string, number>;
  exchangeRejected: Record<string, number>;
  /** AddOrder calls the client answered from its own reconciliation (`reconciled: true`). */
  reconciledPlacedByClient: number;
  /** AddOrder calls that ended in an unknown outcome (ambiguous error or UnknownOrderOutcomeError). */
  unknownOutcomes: number;
  unknownOutcomeErrors: number;
  /** Pending orders the bot's own lookup found placed / found absent. */
  lookupPlaced: number;
  lookupAbsent: number;
  lookupFailures: number;
  cancels: number;
  cancelsUnknown: number;
  syncs: number;
  syncFailures: number;
  otherErrors: Record<string, number>;
}

export interface PairPlan {
  pair: string;
  priceDecimals: number;
  /** Volume range (decimal text) for one order. */
  volume: [string, string];
  /** Margin side on this pair, if any (one side only: Kraken refuses opposing positions). */
  margin?: 'buy' | 'sell';
}

type Trading = GuardedClient<KrakenClient>;

/** Deterministic randomness for the strategy (mulberry32). */
export function strategyRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SoakBot {
  readonly ledger = new Map<string, LedgerEntry>();
  readonly stats: BotStats = {
    ordersSent: 0,
    guardRefused: {},
    exchangeRejected: {},
    reconciledPlacedByClient: 0,
    unknownOutcomes: 0,
    unknownOutcomeErrors: 0,
    lookupPlaced: 0,
    lookupAbsent: 0,
    lookupFailures: 0,
    cancels: 0,
    cancelsUnknown: 0,
    syncs: 0,
    syncFailures: 0,
    otherErrors: {},
  };
  readonly #touch = new Map<string, { bid: Decimal; ask: Decimal; at: number }>();
  /** Resting limit orders per pair, oldest first: the cancel candidates. */
  readonly #resting = new Map<string, LedgerEntry[]>();
  readonly #pending = new Set<LedgerEntry>();
  #syncing: Promise<void> | undefined;

  constructor(
    private readonly trading: Trading,
    private readonly guard: Guard,
    private readonly time: SoakTime,
    private readonly random: () => number,
  ) {}

  /** Runs one pair's loop until `budget()` says no more orders may be sent. */
  async runPair(plan: PairPlan, budget: () => boolean): Promise<void> {
    while (budget()) {
      await this.#step(plan);
      if (this.stats.ordersSent % 40 === 0) await this.sync();
      await this.resolvePending(2);
    }
  }

  async #step(plan: PairPlan): Promise<void> {
    const touch = await this.#freshTouch(plan.pair);
    if (touch === undefined) return;
    const open = this.#restingOn(plan.pair);
    if (open.length > 0 && (open.length > 20 || this.random() < 0.3)) {
      await this.#cancel(open, Math.floor(this.random() * Math.min(open.length, 5)));
      return;
    }
    await this.place(this.#orderFor(plan, touch));
  }

  #orderFor(plan: PairPlan, touch: { bid: Decimal; ask: Decimal }): AddOrderParams {
    const [low, high] = plan.volume.map((v) => new Decimal(v)) as [Decimal, Decimal];
    const volume = low.plus(high.minus(low).times(this.random())).toDecimalPlaces(8).toFixed();
    const margin = plan.margin !== undefined && this.random() < 0.4;
    const type = margin ? (plan.margin as 'buy' | 'sell') : this.random() < 0.5 ? 'buy' : 'sell';
    const base = { pair: plan.pair, type, volume, cl_ord_id: randomUUID() } as const;
    const extra = margin ? { leverage: '2' } : {};
    if (this.random() < 0.25) return { ...base, ordertype: 'market', ...extra };
    const away = 0.002 + this.random() * 0.015;
    const price =
      type === 'buy'
        ? touch.bid.times(1 - away).toDecimalPlaces(plan.priceDecimals, Decimal.ROUND_DOWN)
        : touch.ask.times(1 + away).toDecimalPlaces(plan.priceDecimals, Decimal.ROUND_UP);
    return { ...base, ordertype: 'limit', price: price.toFixed(plan.priceDecimals), ...extra };
  }

  /** Sends one order through the guard and records what became of it. */
  async place(params: AddOrderParams): Promise<void> {
    const clOrdId = params.cl_ord_id as string;
    let result: AddOrderResult & { reconciled?: boolean };
    try {
      result = await this.trading.addOrder(params);
    } catch (error) {
      this.#placeFailed(clOrdId, params.pair, error);
      return;
    }
    this.stats.ordersSent += 1;
    const reconciled = result.reconciled === true;
    if (reconciled) this.stats.reconciledPlacedByClient += 1;
    const entry: LedgerEntry = {
      clOrdId,
      pair: params.pair,
      status: 'placed',
      ...(result.txid?.[0] === undefined ? {} : { txid: result.txid[0] }),
      via: reconciled ? 'client-reconciled' : 'answer',
    };
    this.ledger.set(clOrdId, entry);
    if (params.ordertype === 'limit') this.#restingOn(params.pair).push(entry);
  }

  #placeFailed(clOrdId: string, pair: string, error: unknown): void {
    if (error instanceof GuardRejectedError) {
      count(this.stats.guardRefused, error.violations[0]?.code ?? error.code);
      return;
    }
    this.stats.ordersSent += 1;
    const unknown = error instanceof UnknownOrderOutcomeError || isAmbiguous(error);
    if (unknown) {
      // The client has reconciled (or tried to): whatever it threw, the bot looks the order up itself before
      // it counts it as placed or absent, and keeps the guard's reservation until then.
      this.stats.unknownOutcomes += 1;
      if (error instanceof UnknownOrderOutcomeError) this.stats.unknownOutcomeErrors += 1;
      const entry: LedgerEntry = { clOrdId, pair, status: 'pending' };
      this.ledger.set(clOrdId, entry);
      this.#pending.add(entry);
      return;
    }
    if (error instanceof KrakenError) {
      count(this.stats.exchangeRejected, error.code);
      this.ledger.set(clOrdId, { clOrdId, pair, status: 'rejected', via: 'answer' });
      return;
    }
    // Refused locally before anything was sent (validation, rate-limit fail-fast): nothing to track.
    count(this.stats.otherErrors, codeOf(error));
    this.stats.ordersSent -= 1;
  }

  /** Orders whose outcome the bot does not know yet. */
  pendingCount(): number {
    return this.#pending.size;
  }

  /** Looks up to `max` pending orders up by cl_ord_id: OpenOrders, then ClosedOrders. */
  async resolvePending(max = Number.POSITIVE_INFINITY): Promise<void> {
    let done = 0;
    for (const entry of [...this.#pending]) {
      if (done >= max) return;
      done += 1;
      try {
        await this.#lookup(entry);
      } catch {
        this.stats.lookupFailures += 1;
      }
    }
  }

  async #lookup(entry: LedgerEntry): Promise<void> {
    const open = await this.trading.openOrders({ cl_ord_id: entry.clOrdId });
    let found = Object.entries(open.open).find(([, order]) => order.cl_ord_id === entry.clOrdId);
    let closed = false;
    if (found === undefined) {
      const history = await this.trading.closedOrders({ cl_ord_id: entry.clOrdId });
      found = Object.entries(history.closed).find(([, order]) => order.cl_ord_id === entry.clOrdId);
      closed = found !== undefined;
    }
    if (!this.#pending.delete(entry)) return;
    if (found === undefined) {
      this.stats.lookupAbsent += 1;
      Object.assign(entry, { status: 'absent', via: 'bot-lookup' });
      this.guard.apply({ type: 'order-rejected', ref: entry.clOrdId, code: 'soak:absent' });
      return;
    }
    this.stats.lookupPlaced += 1;
    Object.assign(entry, { status: 'placed', txid: found[0], via: 'bot-lookup' });
    this.guard.apply({ type: 'order-accepted', ref: entry.clOrdId, txid: found[0] });
    // Filled or cancelled already: it holds nothing any more (a filled margin order's position comes with sync).
    if (closed) this.guard.apply({ type: 'order-cancelled', order: found[0] });
  }

  /** Cancels `open[index]`; an unknown outcome leaves it a candidate, to be cancelled again later. */
  async #cancel(open: LedgerEntry[], index: number): Promise<void> {
    const entry = open[index];
    if (entry?.txid === undefined) return;
    this.stats.cancels += 1;
    try {
      await this.trading.cancelOrder({ txid: entry.txid });
    } catch (error) {
      if (!(error instanceof KrakenError && error.code.startsWith('EOrder:Unknown order'))) {
        this.stats.cancelsUnknown += 1;
        return;
      }
      // Filled (or cancelled by an earlier attempt whose answer was lost): no longer open either way.
      this.guard.apply({ type: 'order-cancelled', order: entry.txid });
    }
    const at = open.indexOf(entry);
    if (at >= 0) open.splice(at, 1);
  }

  /** OpenOrders + OpenPositions → guard.reconcile: the exchange is the truth. One sync at a time. */
  async sync(): Promise<ReturnType<Guard['reconcile']> | undefined> {
    while (this.#syncing) await this.#syncing;
    let report: ReturnType<Guard['reconcile']> | undefined;
    this.#syncing = (async () => {
      try {
        const [openOrders, openPositions] = [
          await this.trading.openOrders(),
          await this.trading.openPositions(),
        ];
        report = this.guard.reconcile({ openOrders, openPositions });
        this.stats.syncs += 1;
      } catch {
        this.stats.syncFailures += 1;
      }
    })();
    await this.#syncing;
    this.#syncing = undefined;
    return report;
  }

  async #freshTouch(pair: string): Promise<{ bid: Decimal; ask: Decimal } | undefined> {
    const known = this.#touch.get(pair);
    if (known !== undefined && this.time.now() - known.at < 20_000) return known;
    try {
      const ticker = await this.trading.ticker({ pair });
      const entry = Object.values(ticker)[0];
      if (entry === undefined) return known;
      const touch = { bid: new Decimal(entry.b[0]), ask: new Decimal(entry.a[0]), at: this.time.now() };
      this.#touch.set(pair, touch);
      this.guard.setReferencePrice(pair, { bid: touch.bid.toFixed(), ask: touch.ask.toFixed() });
      return touch;
    } catch {
      return known;
    }
  }

  #restingOn(pair: string): LedgerEntry[] {
    let list = this.#resting.get(pair);
    if (list === undefined) {
      list = [];
      this.#resting.set(pair, list);
    }
    return list;
  }
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
