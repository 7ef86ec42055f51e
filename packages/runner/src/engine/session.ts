import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitError, silentLogger } from '@krakenkit/client';
import type { JsonlAuditWriter } from '@krakenkit/guard/audit';
import type { Logger } from 'pino';
import { CandleBook } from '../candles/candle-book.js';
import type { BotConfig } from '../config/load.js';
import { SessionMarketData } from '../market/session-market-data.js';
import type { StrategyAction } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import { isAbort } from './call-again.js';
import type { BotClient, Connection } from './connect.js';
import { DeadManSwitch } from './dead-man-switch.js';
import { dispatchUpdates } from './dispatch-updates.js';
import { OrderExecutor } from './executor.js';
import { FeeVolume } from './fee-volume.js';
import { reconcileWithExchange } from './guard-reconcile.js';
import { describeError, haltingCode } from './halting.js';
import { LeaseKeeper } from './lease-keeper.js';
import type { OrderTracker, OrderUpdate } from './order-tracker.js';
import { type ProtectionDesk, protectionDesk } from './protection.js';
import { hasRoutineRoom, RECONCILE_RESERVE, RECONCILE_UNITS, reconcilePatienceMs } from './routine-room.js';
import { ownState, type SessionContinuity, type SessionState } from './session-continuity.js';
import { SessionEvents, type StopReason } from './session-events.js';
import { isSharedGuard } from './session-guard.js';
import { logSessionEvent } from './session-log.js';
import type { SessionOptions } from './session-options.js';
import { createBots, createFollowers, openAuditLog, uniquePairs } from './session-setup.js';
import { buildStatus, type SessionStatus, type SessionSummary } from './session-status.js';
import { ShutdownDeadline } from './shutdown-deadline.js';
import type { StoreOutage } from './store-outage.js';
import { countRefusals, Tally } from './tally.js';
import { closeWithin, type WindDownParts, windDown } from './wind-down.js';

export type { SessionOptions } from './session-options.js';

// After this many cycles in a row fail (network down, exchange unavailable), the session stops as failed.
const MAX_FAILED_CYCLES = 5;

/**
 * A running set of bots on one exchange account: market data and order status are polled every
 * `run.pollInterval`, strategies' orders go through the guarded client, the dead man's switch is refreshed, the
 * guard is reconciled with the exchange every `run.reconcileInterval`, and every guard decision is written to the
 * audit trail. It ends on stop(), after its duration, when an exchange error in `run.haltOn` (a revoked key) halts
 * it, or after repeated failures; `finished` then resolves with the summary.
 */
export class Session {
  readonly connection: Connection;
  readonly events = new SessionEvents();
  readonly bots: readonly BotRunner[];
  readonly startedAt: number;
  readonly auditLog: string | undefined;
  readonly #config: BotConfig;
  readonly #now: () => number;
  readonly #durationMs: number | undefined;
  readonly #market: SessionMarketData;
  readonly #tracker: OrderTracker;
  readonly #executor: OrderExecutor;
  readonly #switch: DeadManSwitch | undefined;
  readonly #continuity: SessionContinuity;
  readonly #writer: JsonlAuditWriter | undefined;
  readonly #guardRejections = new Tally();
  readonly #exchangeRejections = new Tally();
  // Aborted at stop(): ends the loop's pause, and drops its calls still waiting (the wind-down needs the turns).
  // Each such call listens to it at several layers (limiter, key lane, the store's turn, the request).
  readonly #wake = new AbortController();
  readonly #logger: Logger;
  readonly #fees: FeeVolume;
  /** Follows the bots' exchange-resident protection (absent when no bot sets `protect:`). */
  readonly #protection: ProtectionDesk | undefined;
  readonly #outage: StoreOutage;
  readonly #leaseKeeper: LeaseKeeper;
  #stopReason: StopReason | undefined;
  #halt: { code: string; message: string } | undefined;
  #nextReconcileAt: number;
  #loop: Promise<void> = Promise.resolve();
  #announced = false;
  #finished: Promise<SessionSummary> | undefined;
  #resolveFinished!: (summary: SessionSummary) => void;
  readonly #done: Promise<SessionSummary>;

  constructor(config: BotConfig, connection: Connection, options: SessionOptions, state?: SessionState) {
    this.#config = config;
    this.connection = connection;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? silentLogger();
    this.startedAt = this.#now();
    this.#durationMs = options.durationMs ?? config.run.duration;
    this.#nextReconcileAt = this.startedAt + config.run.reconcileInterval;
    setMaxListeners(64, this.#wake.signal);
    this.#done = new Promise((resolve) => {
      this.#resolveFinished = resolve;
    });
    const candles = new CandleBook();
    this.bots = createBots(config, connection, this.#now, candles);
    this.#fees = new FeeVolume(connection, this.bots);
    this.#market = new SessionMarketData({
      config,
      connection,
      pairs: uniquePairs(this.bots),
      book: candles,
      events: this.events,
      now: this.#now,
      logger: this.#logger.child({ component: 'market-data' }),
    });
    const parts = state ?? ownState(connection, config.run.pollInterval);
    ({
      outage: this.#outage,
      tracker: this.#tracker,
      continuity: this.#continuity,
    } = createFollowers(config, connection, parts, this.events, this.#now));
    this.#leaseKeeper = new LeaseKeeper(() => this.#continuity.renew(this.bots), parts.leases.ttlMs);
    this.#executor = new OrderExecutor({
      records: this.#continuity.records,
      clients: connection.clients,
      botClients: connection.botClients,
      tracker: this.#tracker,
      events: this.events,
      haltOn: config.run.haltOn,
      halt: (code, message) => this.#haltWith(code, message),
      live: () => this.#halt === undefined,
      now: this.#now,
      validateOnly: config.run.validateOnly,
      outage: this.#outage,
    });
    this.#protection = protectionDesk(config, {
      clients: connection.clients,
      tracker: this.#tracker,
      records: this.#continuity.records,
      events: this.events,
      place: (bot, order) => this.#executor.placeProtective(bot, order),
      cancel: (bot, txid) => this.#executor.cancelTxid(bot, txid),
      now: this.#now,
    });
    const dms = config.run.deadManSwitch;
    this.#switch =
      dms === false ? undefined : new DeadManSwitch(connection.clients, dms.timeout, dms.refresh);
    this.auditLog =
      options.auditLog === false || options.auditLog === undefined ? undefined : options.auditLog;
    this.#writer = this.auditLog === undefined ? undefined : openAuditLog(this.auditLog);
    if (this.#writer !== undefined) connection.guard.onAudit(this.#writer.listener);
    this.events.on((event) => countRefusals(event, this.#guardRejections, this.#exchangeRejections));
    this.events.on((event) => logSessionEvent(this.#logger, event));
    if (options.onEvent !== undefined) this.events.on(options.onEvent);
  }

  /** Resolves with the summary once the session has stopped (for any reason) and closed everything. */
  get finished(): Promise<SessionSummary> {
    return this.#done;
  }

  /** Why it stopped, once it has. */
  get stopReason(): StopReason | undefined {
    return this.#stopReason;
  }

  /** The session's state now: bots, orders, fills, guard pools and fee tier, as the status view shows it. */
  status(): SessionStatus {
    return buildStatus({
      now: this.#now(),
      startedAt: this.startedAt,
      durationMs: this.#durationMs,
      exchange: { kind: this.connection.kind, baseUrl: this.connection.baseUrl },
      guard: this.connection.guard,
      bots: this.bots,
      tradeVolume: this.#fees.tradeVolume,
      volumeSinceUsd: this.#fees.sinceUsd,
      ...this.#fees.schedule(),
      guardRejections: this.#guardRejections,
      exchangeRejections: this.#exchangeRejections,
      recent: this.events.recent(),
      orphans: this.#continuity.orphans,
      marketData: this.#market.status(),
      halted: this.#halt !== undefined,
      ...(this.#config.guardRules.allowances === undefined
        ? {}
        : { allowances: this.#config.guardRules.allowances }),
    });
  }

  /** Starts the polling loop (startSession calls it). */
  begin(): void {
    this.#announce();
    this.#leaseKeeper.start();
    this.#loop = this.#run();
  }

  #announce(): void {
    if (this.#announced) return;
    this.#announced = true;
    this.events.emit({
      type: 'started',
      at: this.startedAt,
      exchange: this.connection.kind,
      baseUrl: this.connection.baseUrl,
      bots: this.bots.map((bot) => bot.name),
      store: this.#continuity.location,
    });
  }

  /**
   * Before the first tick (startSession calls it): the dead man's switch is armed (so orders left by a crashed
   * session get a fresh timeout), each bot adopts what it left behind, and orphans are reported (cancelled when
   * `cancelOrphans`). Once `signal` aborts (a stop asked for during start-up) the bots place nothing new.
   */
  async takeOver(cancelOrphans: boolean, signal?: AbortSignal): Promise<void> {
    this.#announce();
    // Adoption spends REST calls, which may wait their turn behind other processes': the leases must not lapse.
    this.#leaseKeeper.start();
    const close = () => this.#executor.close();
    if (signal?.aborted) close();
    else signal?.addEventListener('abort', close, { once: true });
    if (this.#switch !== undefined) await this.#refreshSwitch();
    const hooks = {
      run: (bot: BotRunner, actions: readonly StrategyAction[]) => this.#executor.run(bot, actions),
      dispatch: (updates: readonly OrderUpdate[]) => this.#dispatch(updates),
    };
    await this.#continuity.takeOver(this.bots, hooks, cancelOrphans);
    signal?.removeEventListener('abort', close);
  }

  /** Gives up a session that never began: its leases are released and the exchange closed. */
  async abandon(): Promise<void> {
    await this.#leaseKeeper.stop();
    await this.#market.close();
    await this.#writer?.close().catch(() => undefined);
    await this.#continuity.close();
    await this.connection.close();
  }

  /**
   * Stops the bots: strategies' last actions, then their open orders cancelled or kept (run.onShutdown), orders
   * whose outcome is still unknown included (by cl_ord_id), a last look at fills, the dead man's switch disarmed
   * where nothing needs it any more, the leases released, the audit trail closed: all within
   * `run.shutdownTimeout` of the call, whatever the exchange does. Safe to call more than once.
   */
  stop(reason: StopReason = 'stopped'): Promise<SessionSummary> {
    this.#stopReason ??= reason;
    this.#wake.abort();
    this.#finished ??= this.#shutdown().then((summary) => {
      this.#resolveFinished(summary);
      return summary;
    });
    return this.#finished;
  }

  async #run(): Promise<void> {
    let failures = 0;
    try {
      if (this.#switch?.due(this.#now())) await this.#keepSwitch();
      // Candle history and the socket before the strategies start (REST stands in for a socket that is late).
      await this.#market.open(this.#wake.signal);
      // A stop asked for before the loop began (Ctrl-C during start-up) places nothing.
      for (const bot of this.bots) {
        if (this.#stopReason !== undefined) break;
        await this.#executor.run(bot, bot.start());
      }
      while (this.#stopReason === undefined) {
        const outcome = await this.#attempt(() => this.#cycle());
        // A cycle the state store was out for is not a failed one: the session waits for the store, its orders
        // refused meanwhile, for as long as its leases last (then its bots halt, and it stops).
        if (outcome !== 'store' && !this.#outage.active) failures = outcome === 'ok' ? 0 : failures + 1;
        if (failures >= MAX_FAILED_CYCLES) this.#requestStop('failed');
        if (this.#durationMs !== undefined && this.#now() - this.startedAt >= this.#durationMs)
          this.#requestStop('duration');
        if (this.#stopReason !== undefined) break;
        await sleep(this.#config.run.pollInterval, undefined, { signal: this.#wake.signal }).catch(
          () => undefined,
        );
      }
    } catch (error) {
      this.#warn(`session loop failed: ${describeError(error).message}`);
      this.#requestStop('failed');
    }
  }

  async #cycle(): Promise<void> {
    // The leases renew on their own timer; a renewal under way may find a bot's lease taken by another
    // session, and that bot must not act on this cycle's prices.
    await this.#leaseKeeper.settled();
    if (this.bots.every((bot) => bot.halted !== undefined)) {
      this.#warn('every bot of this session runs elsewhere now');
      this.#requestStop('failed');
      return;
    }
    await this.#syncGuard();
    for (const tick of await this.#market.poll()) {
      for (const bot of this.bots)
        if (bot.trades(tick.pair.id)) await this.#executor.run(bot, bot.tick(tick));
    }
    // A due reconciliation reads the open orders itself: the tracker's poll leaves it the counter's room.
    const reconcileDue = this.#config.run.reconcileInterval > 0 && this.#now() >= this.#nextReconcileAt;
    if (!reconcileDue) await this.#dispatch(await this.#tracker.poll(false, { signal: this.#wake.signal }));
    // Filled entries whose stop the exchange has not shown yet: looked up again, stood in for past the bound.
    await this.#protection?.verify();
    const now = this.#now();
    if (this.#switch?.due(now)) await this.#keepSwitch();
    if (reconcileDue) await this.#reconcileWhenRoom(now);
  }

  // Only with room on the key's counter, so the loop's ticks never wait on the limiter behind it: a reconciliation
  // that finds none stays due for a later cycle. Past its patience it takes its turn in the limiter all the same.
  async #reconcileWhenRoom(now: number): Promise<void> {
    const client = this.#reconcileClient();
    const dueSince = this.#nextReconcileAt;
    if (now - dueSince >= reconcilePatienceMs(client, this.#config.run.reconcileInterval)) {
      await this.#reconcile(false);
      return;
    }
    if (!hasRoutineRoom(client, RECONCILE_UNITS, RECONCILE_RESERVE)) return;
    try {
      await this.#reconcile(true);
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      this.#nextReconcileAt = dueSince;
    }
  }

  #reconcileClient(): BotClient {
    return [...this.connection.clients.values()][0] as BotClient;
  }

  #dispatch(updates: readonly OrderUpdate[], react = true): Promise<void> {
    const { events } = this;
    return dispatchUpdates(
      updates,
      {
        events,
        fees: this.#fees,
        records: this.#continuity.records,
        executor: this.#executor,
        ...(this.#protection === undefined ? {} : { protection: this.#protection }),
      },
      react,
    );
  }

  async #refreshSwitch(): Promise<void> {
    if (this.#switch === undefined) return;
    const wasArmed = this.#switch.armed;
    await this.#switch.refresh(this.#now());
    this.events.emit({
      type: 'dead-man-switch',
      at: this.#now(),
      armed: true,
      refreshed: wasArmed,
      timeoutSeconds: this.#switch.timeoutSeconds,
    });
  }

  // A refresh that fails after its retries is not a failed cycle: the timer the last refresh set still runs, and
  // the refresh stays due, so the next cycle tries again. A halting error (a revoked key) still halts.
  async #keepSwitch(): Promise<void> {
    const suffix = `; the switch set earlier still runs (${this.#switch?.timeoutSeconds}s from its last refresh) and the next cycle tries again`;
    await this.#attempt(() => this.#refreshSwitch(), suffix);
  }

  async #reconcile(failFast: boolean): Promise<void> {
    this.#nextReconcileAt = this.#now() + this.#config.run.reconcileInterval;
    const client = this.#reconcileClient();
    const { events, connection } = this;
    const dispatch = (updates: readonly OrderUpdate[]) => this.#dispatch(updates);
    const parts = { events, client, guard: connection.guard, tracker: this.#tracker, fees: this.#fees };
    const signal = this.#wake.signal;
    const routine = { logger: this.#logger, now: this.#now, dispatch, signal, background: true, failFast };
    // The session's guard (openSessionGuard) reads the wall clock, whatever clock the session was given.
    const guardNow = Date.now;
    await reconcileWithExchange({ ...parts, ...routine, guardNow });
  }

  // Other processes' reservations, fills and kill switch, read before this cycle's orders are judged. A store that
  // does not answer is reported (once); the cycle goes on, and its orders are refused with the store's error.
  async #syncGuard(): Promise<void> {
    const { guard } = this.connection;
    try {
      if (isSharedGuard(guard)) await guard.sync();
      this.#outage.answered();
    } catch (error) {
      if (!this.#outage.noted(error)) throw error;
    }
  }

  // Runs one step: a halting error halts, the state store's outage is reported once, any other is reported.
  async #attempt(step: () => Promise<void>, suffix = ''): Promise<'ok' | 'store' | 'failed'> {
    try {
      await step();
      return 'ok';
    } catch (error) {
      return this.#failed(error, suffix);
    }
  }

  #failed(error: unknown, suffix = ''): 'store' | 'failed' {
    if (this.#outage.noted(error)) return 'store';
    if (this.#wake.signal.aborted && isAbort(error)) return 'failed'; // a loop's call dropped at stop()
    const { code, message } = describeError(error);
    const halting = haltingCode(error, this.#config.run.haltOn);
    if (halting !== undefined) this.#haltWith(halting, message);
    else this.#warn(`${code}: ${message}${suffix}`);
    return 'failed';
  }

  #warn(message: string): void {
    this.events.emit({ type: 'warning', at: this.#now(), message });
  }

  #haltWith(code: string, message: string): void {
    if (this.#halt !== undefined) return;
    this.#halt = { code, message };
    // A shared guard's switch is every process's, and a durable store keeps it: a halt of this session (a
    // lockout passes, a key is fixed) must not stop the others nor the next start. It stays this session's own.
    const { guard } = this.connection;
    if (!isSharedGuard(guard)) guard.setTradingState('HALTED', `${code}: the key no longer works`);
    this.events.emit({ type: 'halted', at: this.#now(), code, message });
    this.#requestStop('halted');
  }

  #requestStop(reason: StopReason): void {
    if (this.#stopReason !== undefined) return;
    void this.stop(reason);
  }

  // Bounded by run.shutdownTimeout from the stop request (see windDown and ShutdownDeadline).
  async #shutdown(): Promise<SessionSummary> {
    const reason = this.#stopReason ?? 'stopped';
    this.events.emit({ type: 'stopping', at: this.#now(), reason });
    const deadline = new ShutdownDeadline(this.#config.run.shutdownTimeout, this.#now);
    this.#executor.close();
    await windDown(this.#windDownParts(), deadline);
    this.#protection?.leftUnchecked();
    this.#continuity.records.close();
    const summary: SessionSummary = { ...this.status(), reason, halted: this.#halt, auditLog: this.auditLog };
    await closeWithin(deadline, [
      () => this.#leaseKeeper.stop(),
      () => this.#writer?.close(),
      // Order answers the shared guard shows and has not journaled yet go in before the store closes.
      () => (isSharedGuard(this.connection.guard) ? this.connection.guard.flush() : undefined),
      () => this.#continuity.close(),
      () => this.#market.close(),
      () => this.connection.close(),
    ]);
    this.events.close();
    this.#logger.info({ ms: this.#now() - deadline.at(0) }, 'session stopped');
    return summary;
  }

  #windDownParts(): WindDownParts {
    const deadMan = this.#switch;
    return {
      bots: this.bots,
      executor: this.#executor,
      tracker: this.#tracker,
      run: this.#config.run,
      clients: this.connection.clients,
      loop: this.#loop,
      dispatch: (updates, react) => this.#dispatch(updates, react),
      settleSwitch: deadMan?.armed ? (options) => this.#continuity.settleSwitch(deadMan, options) : undefined,
      refreshFees: (options) => this.#fees.refresh(options),
      events: this.events,
      now: this.#now,
      halted: () => this.#halt !== undefined,
      halt: (code, message) => this.#haltWith(code, message),
      failed: (error) => this.#failed(error),
    };
  }
}
