import { Decimal } from '@krakenkit/core';
import type {
  Adoption,
  Fill,
  MarketTick,
  OrderEnded,
  OrderRequest,
  PairInfo,
  Strategy,
  StrategyAction,
  StrategyView,
  TrackedOrder,
} from '../strategies/types.js';
import { PnlBook } from './pnl.js';

const ZERO = new Decimal(0);

/** Counters of one bot, for the status view and the summary. */
export interface BotCounters {
  /** Orders the exchange accepted. */
  placed: number;
  fills: number;
  guardRejected: number;
  exchangeRejected: number;
  /** Orders that failed for another reason (network, unknown outcome, strategy error). */
  failed: number;
  cancelled: number;
  /** Dry run: orders the exchange validated without placing them. */
  validated: number;
}

/** The bot's own books restored at a restart, as they stood before the fills that happened while it was down. */
export interface RestoredBook {
  /** Margin positions before the fills that happened while the bot was down (default: the adoption's). */
  positions?: ReadonlyMap<string, Decimal>;
  inventory?: ReadonlyMap<string, Decimal>;
  /** The PnL ledgers as the PnL book wrote them (its toJSON). */
  pnl?: unknown;
}

/** A bot's state as it is saved: JSON-ready, Decimals as text. */
export interface BotSnapshot {
  /** What the strategy's snapshot() returned. */
  strategy: unknown;
  positions: Record<string, string>;
  inventory: Record<string, string>;
  pnl: Record<string, Record<string, string>>;
}

/** Who paused a bot and why, as the operator gave it (`by`: `dashboard`, `api`, a tool's name). */
export interface PauseCause {
  by: string;
  reason: string;
}

/** A bot's pause: who, why, and since when (epoch ms). */
export interface BotPause extends PauseCause {
  at: number;
}

/** How many strategy exceptions' messages a bot keeps (the latest); BotRunner.errorCount counts them all. */
export const MAX_KEPT_ERRORS = 100;

/**
 * One bot: its strategy and the state the strategy sees (its orders, positions, inventory, latest prices). It
 * turns events into strategy callbacks and returns the strategy's actions; it performs no I/O itself.
 */
export class BotRunner {
  readonly name: string;
  readonly strategyName: string;
  readonly key: string;
  readonly pairs: readonly PairInfo[];
  readonly pnl = new PnlBook();
  readonly counters: BotCounters = {
    placed: 0,
    fills: 0,
    guardRejected: 0,
    exchangeRejected: 0,
    failed: 0,
    cancelled: 0,
    validated: 0,
  };
  /**
   * The latest strategy exceptions' messages, at most MAX_KEPT_ERRORS (the bot keeps running; the action that
   * threw is skipped): a strategy that throws on every candle of a year-long backtest must not hold them all.
   */
  readonly errors: string[] = [];
  /** Every strategy exception so far, kept or not. */
  errorCount = 0;
  readonly #strategy: Strategy;
  readonly #orders = new Map<string, TrackedOrder>();
  readonly #positions = new Map<string, Decimal>();
  readonly #inventory = new Map<string, Decimal>();
  readonly #markets = new Map<string, MarketTick>();
  readonly #now: () => number;
  readonly #pairIds: ReadonlySet<string>;
  #halted: { code: string; message: string } | undefined;
  #stoppedOpening: { code: string; message: string } | undefined;
  #paused: BotPause | undefined;
  // The view's readers, made once per bot: a view is built for every tick of a long backtest.
  readonly #readPosition = (pair: string): Decimal => this.#positions.get(pair) ?? ZERO;
  readonly #readInventory = (pair: string): Decimal => this.#inventory.get(pair) ?? ZERO;
  readonly #readMarket = (pair: string): MarketTick | undefined => this.#markets.get(pair);

  constructor(spec: {
    name: string;
    strategyName: string;
    key: string;
    pairs: readonly PairInfo[];
    strategy: Strategy;
    now: () => number;
  }) {
    this.name = spec.name;
    this.strategyName = spec.strategyName;
    this.key = spec.key;
    this.pairs = spec.pairs;
    this.#strategy = spec.strategy;
    this.#now = spec.now;
    this.#pairIds = new Set(spec.pairs.map((pair) => pair.id));
  }

  trades(pair: string): boolean {
    return this.#halted === undefined && this.#pairIds.has(pair);
  }

  /** Why this bot stopped trading while the session goes on (it lost its lease to another session), if it did. */
  get halted(): { code: string; message: string } | undefined {
    return this.#halted;
  }

  /** Stops this bot alone: no more ticks, orders or cancels; its orders are left to whoever holds it now. */
  halt(code: string, message: string): void {
    this.#halted ??= { code, message };
  }

  /**
   * Stops this bot opening anything more in this session (a position it could not protect): its strategy is shown
   * no ticks and the executor places none of its orders, as for a pause, but no operator can resume it. Unlike
   * halt(), its orders are still followed (fills counted, cancels sent, handled at shutdown as usual), and the
   * runner may still place what closes or protects its positions.
   */
  stopOpening(code: string, message: string): void {
    this.#stoppedOpening ??= { code, message };
  }

  /** Why this bot opens nothing more in this session (see stopOpening), if it does not. */
  get stoppedOpening(): { code: string; message: string } | undefined {
    return this.#stoppedOpening;
  }

  /**
   * Pauses the bot: its strategy is shown no ticks (so it decides nothing on prices or candles) and the executor
   * places no new order for it, whatever callback asked (a fill's answer, onStop's); cancels still go out, and the
   * fills of its resting orders are still recorded and told to the strategy. False when it was already paused.
   */
  pause(cause: PauseCause): boolean {
    if (this.#paused !== undefined) return false;
    this.#paused = { ...cause, at: this.#now() };
    return true;
  }

  /** Resumes a paused bot: it is shown the next tick. Returns the pause it ends (undefined: it was not paused). */
  resume(): BotPause | undefined {
    const pause = this.#paused;
    this.#paused = undefined;
    return pause;
  }

  /** The bot's pause, while it is paused. */
  get paused(): BotPause | undefined {
    return this.#paused;
  }

  /**
   * Takes back what the bot left behind (see Adoption): its resting orders become its open orders again, its
   * positions and spot inventory are restored, and its strategy's adopt() is called.
   */
  adopt(adoption: Adoption, restored: RestoredBook = {}): StrategyAction[] {
    for (const order of adoption.openOrders)
      this.#orders.set(order.request.tag, { ...order, status: 'open' });
    for (const [pair, volume] of restored.positions ?? adoption.positions) this.#positions.set(pair, volume);
    for (const [pair, volume] of restored.inventory ?? []) this.#inventory.set(pair, volume);
    if (restored.pnl !== undefined) this.pnl.restore(restored.pnl);
    // What the bot carries over from its earlier sessions ends here: this session's figures count from now on
    // (the fills that happened while it was down are handed over next, and count, as its fills counter does).
    this.pnl.beginSession();
    return this.#call(() => this.#strategy.adopt?.(adoption, this.view()));
  }

  /** What must survive a restart: the strategy's snapshot, positions and inventory (decimal text). */
  snapshot(): BotSnapshot {
    const text = (book: Map<string, Decimal>) =>
      Object.fromEntries(
        [...book].filter(([, volume]) => !volume.isZero()).map(([pair, v]) => [pair, v.toFixed()]),
      );
    let strategy: unknown;
    try {
      strategy = this.#strategy.snapshot?.();
    } catch (error) {
      this.#recordError(error);
    }
    return {
      strategy,
      positions: text(this.#positions),
      inventory: text(this.#inventory),
      pnl: this.pnl.toJSON(),
    };
  }

  start(): StrategyAction[] {
    return this.#call(() => this.#strategy.onStart?.(this.view()));
  }

  /**
   * A market tick: kept for the view (prices mark its PnL), and shown to the strategy unless the bot is paused or
   * stopped opening.
   */
  tick(tick: MarketTick): StrategyAction[] {
    this.#markets.set(tick.pair.id, tick);
    this.pnl.mark(tick);
    if (this.#paused !== undefined || this.#stoppedOpening !== undefined) return [];
    return this.#call(() => this.#strategy.onTick(tick, this.view()));
  }

  /**
   * The order is about to be sent (with `clOrdId`). Returns false when the tag is already in use (the action is
   * dropped).
   */
  pending(request: OrderRequest, clOrdId?: string): boolean {
    if (this.#orders.has(request.tag)) return false;
    const order: TrackedOrder = { request, status: 'pending', filled: ZERO };
    if (clOrdId !== undefined) order.clOrdId = clOrdId;
    this.#orders.set(request.tag, order);
    return true;
  }

  accepted(tag: string, txid: string | undefined, clOrdId?: string): void {
    const order = this.#orders.get(tag);
    if (order === undefined) return;
    order.status = 'open';
    if (txid !== undefined) order.txid = txid;
    if (clOrdId !== undefined) order.clOrdId = clOrdId;
    this.counters.placed += 1;
  }

  /** A fill of the order sent as `clOrdId` (when known). */
  filled(fill: Fill, clOrdId?: string): StrategyAction[] {
    const order = this.#own(fill.tag, clOrdId);
    if (order !== undefined) order.filled = order.filled.plus(fill.volume);
    if (fill.complete && order !== undefined) this.#orders.delete(fill.tag);
    const signed = fill.side === 'buy' ? fill.volume : fill.volume.neg();
    const book = fill.margin ? this.#positions : this.#inventory;
    book.set(fill.pair.id, (book.get(fill.pair.id) ?? ZERO).plus(signed));
    this.pnl.record(fill);
    this.counters.fills += 1;
    return this.#call(() => this.#strategy.onFill?.(fill, this.view()));
  }

  /** The end of the order sent as `clOrdId` (when known). */
  ended(ended: OrderEnded, clOrdId?: string): StrategyAction[] {
    if (this.#own(ended.tag, clOrdId) === undefined) return [];
    this.#orders.delete(ended.tag);
    if (ended.reason === 'guard-rejected') this.counters.guardRejected += 1;
    else if (ended.reason === 'exchange-rejected') this.counters.exchangeRejected += 1;
    else if (ended.reason === 'failed') this.counters.failed += 1;
    else if (ended.reason === 'validated') this.counters.validated += 1;
    else this.counters.cancelled += 1;
    return this.#call(() => this.#strategy.onOrderEnded?.(ended, this.view()));
  }

  stop(): StrategyAction[] {
    return this.#call(() => this.#strategy.onStop?.(this.view()));
  }

  order(tag: string): TrackedOrder | undefined {
    return this.#orders.get(tag);
  }

  /** Orders the exchange holds for this bot (accepted, not yet ended). */
  openOrders(): TrackedOrder[] {
    return [...this.#orders.values()].filter((order) => order.status === 'open');
  }

  market(pair: string): MarketTick | undefined {
    return this.#markets.get(pair);
  }

  position(pair: string): Decimal {
    return this.#positions.get(pair) ?? ZERO;
  }

  /** What the strategy sees now: a fresh object per callback (a wrapper may add to it), its readers made once. */
  view(): StrategyView {
    return {
      now: this.#now(),
      orders: this.#orders,
      position: this.#readPosition,
      inventory: this.#readInventory,
      market: this.#readMarket,
    };
  }

  // The bot's order of this tag, unless the news is about another order that carried the same tag: one that
  // ended while the bot was down, whose level the strategy has placed again since (its fill still counts; the
  // order resting now must not be forgotten, or no stop would cancel it).
  #own(tag: string, clOrdId: string | undefined): TrackedOrder | undefined {
    const order = this.#orders.get(tag);
    if (order === undefined) return undefined;
    if (clOrdId !== undefined && order.clOrdId !== undefined && order.clOrdId !== clOrdId) return undefined;
    return order;
  }

  // A strategy bug must not take the runner down: the callback's actions are dropped and the error recorded.
  #call(callback: () => StrategyAction[] | undefined): StrategyAction[] {
    try {
      return callback() ?? [];
    } catch (error) {
      this.#recordError(error);
      return [];
    }
  }

  #recordError(error: unknown): void {
    this.errorCount += 1;
    this.errors.push(error instanceof Error ? error.message : String(error));
    if (this.errors.length > MAX_KEPT_ERRORS) this.errors.shift();
  }
}
