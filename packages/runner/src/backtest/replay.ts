import type { Guard } from '@krakenkit/guard';
import type { ManualClock, MockExchange } from '@krakenkit/mock-exchange';
import type { Logger } from 'pino';
import type { CandleBook } from '../candles/candle-book.js';
import type { BotRunner } from '../engine/bot-runner.js';
import type { Connection } from '../engine/connect.js';
import { dispatchUpdates } from '../engine/dispatch-updates.js';
import { OrderExecutor } from '../engine/executor.js';
import { FeeVolume } from '../engine/fee-volume.js';
import { reconcileWithExchange } from '../engine/guard-reconcile.js';
import { OrderTracker, type OrderUpdate } from '../engine/order-tracker.js';
import { ProtectionDesk } from '../engine/protection.js';
import type { SessionEvents } from '../engine/session-events.js';
import type { BotRecords } from '../state/bot-records.js';
import type { StrategyAction } from '../strategies/types.js';
import { BACKTEST_ACCOUNT } from './backtest-exchange.js';
import type { PairMarket } from './pair-market.js';
import { PathTick } from './path-tick.js';
import type { Timeline } from './timeline.js';

// Rounds of fills and the strategies' answers to them at one moment of market time; what is left waits for the
// next price (a strategy that answers every fill with an order that fills at once would otherwise never let go).
const MAX_ROUNDS = 8;

/** What a replay drives. */
export interface ReplayParts {
  clock: ManualClock;
  exchange: MockExchange;
  connection: Connection;
  guard: Guard;
  bots: readonly BotRunner[];
  /** Per data source, in the timeline's order. */
  markets: readonly PairMarket[];
  book: CandleBook;
  events: SessionEvents;
  records: BotRecords;
  logger: Logger;
  reconcileIntervalMs: number;
  haltOn: readonly string[];
  /**
   * USD prices of assets no data file prices (the exchange's at the start), stamped afresh for the guard whenever
   * it is shown the markets (empty when its prices cannot go stale).
   */
  staticUsdPrices: ReadonlyArray<readonly [string, string]>;
  /** Told of every price point after the bots acted on it (the backtest's books mark to market there). */
  afterPrice(market: PairMarket, at: number): void;
}

/**
 * The backtest's session loop: the live session's parts (bots, the order executor through the guarded clients,
 * the order tracker, fills dispatched to strategies, reconciliation) driven by the data's timeline instead of a
 * timer. At each price point the clock is set to the point's time, the exchange's resting orders are matched
 * there, fills are handed to their strategies, and the strategies of the pair see their tick; orders they place
 * are judged by the guard and matched by the exchange at that price. Nothing waits on the wall clock.
 */
export class Replay {
  readonly #parts: ReplayParts;
  readonly #tracker: OrderTracker;
  readonly #executor: OrderExecutor;
  readonly #protection: ProtectionDesk;
  readonly #fees: FeeVolume;
  readonly #byPair = new Map<string, PairMarket>();
  #exchangeChanged = false;
  #changedSinceReconcile = false;
  #nextReconcileAt: number;
  #halt: { code: string; message: string } | undefined;
  #guardPricedAt = Number.NaN;
  pricePoints = 0;
  candles = 0;
  /** The last moment of market time replayed (epoch ms). */
  lastAt = Number.NEGATIVE_INFINITY;

  constructor(parts: ReplayParts) {
    this.#parts = parts;
    const { connection, guard, events } = parts;
    const now = () => parts.clock.now();
    for (const market of parts.markets) this.#byPair.set(market.pair.id, market);
    this.#tracker = new OrderTracker(connection.clients, guard, now);
    this.#executor = new OrderExecutor({
      clients: connection.clients,
      botClients: connection.botClients,
      tracker: this.#tracker,
      events,
      haltOn: parts.haltOn,
      halt: (code, message) => {
        this.#halt ??= { code, message };
        events.emit({ type: 'halted', at: now(), code, message });
      },
      live: () => this.#halt === undefined,
      now,
      validateOnly: false,
    });
    this.#fees = new FeeVolume(connection, parts.bots);
    // Stops and take-profits of protected entries rest on the backtest's exchange and trigger on its prices.
    this.#protection = new ProtectionDesk({
      clients: connection.clients,
      tracker: this.#tracker,
      records: parts.records,
      events,
      place: (bot, order) => this.#executor.placeProtective(bot, order),
      cancel: (bot, txid) => this.#executor.cancelTxid(bot, txid),
      now,
      // The in-process exchange creates a conditional close with the fill or never: no waiting for it.
      lookupMs: 0,
    });
    this.#nextReconcileAt = now() + parts.reconcileIntervalMs;
    parts.exchange.on('order', (event) => {
      if (event.accountId !== BACKTEST_ACCOUNT) return;
      this.#exchangeChanged = true;
      this.#changedSinceReconcile = true;
      const { order } = event;
      const limit = order.ordertype === 'limit' ? order.price?.toNumber() : undefined;
      this.#byPair.get(order.pair.id)?.order(order.txid, {
        open: order.status === 'open' || order.status === 'pending',
        side: order.side,
        limit,
      });
    });
  }

  /** Why the replay halted (the exchange refused the key), if it did. */
  get halted(): { code: string; message: string } | undefined {
    return this.#halt;
  }

  /** Runs the timeline to its end: onStart, every event, then onStop and a last look at fills. */
  async run(timeline: Timeline): Promise<void> {
    for (const bot of this.#parts.bots) await this.#act(bot, bot.start());
    for (
      let event = timeline.next();
      event !== undefined && this.#halt === undefined;
      event = timeline.next()
    ) {
      const market = this.#parts.markets[timeline.source] as PairMarket;
      this.lastAt = event.at;
      this.#setClock(event.at);
      if (event.kind === 'candle') {
        // Timed work (rollovers, expiries) runs on every request anyway; once a candle it runs without one too.
        this.#parts.exchange.advance();
        this.candles += 1;
        this.#parts.book.ingest(market.pair.id, event.candle);
        continue;
      }
      // Most points need no I/O at all: only a point that fills, places or reconciles is awaited.
      const work = this.#price(market, event.at, event.price);
      if (work !== undefined) await work;
    }
    for (const bot of this.#parts.bots) await this.#act(bot, bot.stop());
    await this.#settle();
  }

  #price(market: PairMarket, at: number, price: string): Promise<void> | undefined {
    this.pricePoints += 1;
    market.move(at, price);
    if (market.mayFill) market.showExchange(this.#parts.exchange);
    if (this.#exchangeChanged) return this.#priceWithIo(market, at, 0);
    return this.#tickFrom(market, at, 0);
  }

  // The bots of the pair from `first` on see the tick; the first one that acts hands the rest to #priceWithIo.
  #tickFrom(market: PairMarket, at: number, first: number): Promise<void> | undefined {
    const { bots } = market;
    if (bots.length > first && market.price !== undefined) {
      const tick = new PathTick(market.pair, market.price, market.halfSpread, at);
      for (let i = first; i < bots.length; i += 1) {
        const bot = bots[i] as BotRunner;
        if (!bot.trades(market.pair.id)) continue;
        const actions = bot.tick(tick);
        if (actions.length > 0) return this.#priceWithIo(market, at, i + 1, bot, actions);
      }
    }
    if (this.#changedSinceReconcile && at >= this.#nextReconcileAt)
      return this.#priceWithIo(market, at, bots.length);
    this.#parts.afterPrice(market, at);
    return undefined;
  }

  async #priceWithIo(
    market: PairMarket,
    at: number,
    next: number,
    bot?: BotRunner,
    actions?: readonly StrategyAction[],
  ): Promise<void> {
    await this.#settle();
    if (bot !== undefined && actions !== undefined) await this.#act(bot, actions);
    for (let i = next; i < market.bots.length; i += 1) {
      const other = market.bots[i] as BotRunner;
      if (other.trades(market.pair.id) && market.price !== undefined)
        await this.#act(other, other.tick(new PathTick(market.pair, market.price, market.halfSpread, at)));
    }
    if (this.#changedSinceReconcile && at >= this.#nextReconcileAt) await this.#reconcile();
    this.#parts.afterPrice(market, at);
  }

  // Before anything is judged or placed, the exchange and the guard see the market as it is now.
  async #act(bot: BotRunner, actions: readonly StrategyAction[]): Promise<void> {
    if (actions.length === 0) return;
    this.#showMarkets();
    await this.#executor.run(bot, actions);
    await this.#settle();
  }

  // Fills and ends the exchange reported are handed to their strategies, and their answers carried out.
  async #settle(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS && this.#exchangeChanged; round += 1) {
      this.#exchangeChanged = false;
      if (this.#tracker.size === 0) return;
      this.#showMarkets();
      await this.#dispatch(await this.#tracker.poll(true));
    }
  }

  #dispatch(updates: readonly OrderUpdate[]): Promise<void> {
    const { events, records } = this.#parts;
    return dispatchUpdates(updates, {
      events,
      fees: this.#fees,
      records,
      executor: this.#executor,
      protection: this.#protection,
    });
  }

  async #reconcile(): Promise<void> {
    const { clock, connection, guard, events, logger } = this.#parts;
    this.#changedSinceReconcile = false;
    this.#nextReconcileAt = clock.now() + this.#parts.reconcileIntervalMs;
    const client = connection.clients.values().next().value;
    if (client === undefined) return;
    await reconcileWithExchange({
      client,
      guard,
      tracker: this.#tracker,
      fees: this.#fees,
      events,
      logger,
      now: () => clock.now(),
      dispatch: (updates) => this.#dispatch(updates),
    });
  }

  // The exchange sees each pair's latest price; the guard gets its prices stamped now, as a live feed re-reads
  // them every poll (an older price may count as missing: sanity.referencePriceMaxAgeMs).
  #showMarkets(): void {
    const { exchange, guard, clock } = this.#parts;
    for (const market of this.#parts.markets) market.showExchange(exchange);
    const now = clock.now();
    if (this.#guardPricedAt === now) return;
    this.#guardPricedAt = now;
    for (const market of this.#parts.markets) {
      if (market.price === undefined) continue;
      const tick = new PathTick(market.pair, market.price, market.halfSpread, market.at);
      guard.setReferencePrice(market.pair.id, { bid: tick.bid, ask: tick.ask });
      if (market.usdAsset !== undefined) guard.setUsdPrice(market.usdAsset, tick.mid);
    }
    for (const [asset, price] of this.#parts.staticUsdPrices) guard.setUsdPrice(asset, price);
  }

  // A rate-limit wait may have moved the clock past the data's time: it never goes back.
  #setClock(at: number): void {
    const { clock } = this.#parts;
    if (at > clock.now()) clock.set(at);
  }
}
