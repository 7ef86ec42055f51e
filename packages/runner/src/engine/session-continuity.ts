import { setTimeout as sleep } from 'node:timers/promises';
import { KrakenError } from '@krakenkit/client';
import { type AccountId, accountIdOf, type StateStore } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import type { BotConfig } from '../config/load.js';
import { adoptBot } from '../state/adopt-bots.js';
import { BotRecords } from '../state/bot-records.js';
import { type DisarmDecision, disarmDecision } from '../state/disarm-policy.js';
import { type KeyView, readKeyView } from '../state/exchange-view.js';
import { findOrphans, forgetOrphanRecords, type Orphan } from '../state/orphans.js';
import { leaseTtl, newSessionId, SessionLeases } from '../state/session-leases.js';
import type { StrategyAction } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import { callMayBeRepeated } from './call-again.js';
import type { BotClient, Connection } from './connect.js';
import type { DeadManSwitch } from './dead-man-switch.js';
import { describeError } from './halting.js';
import type { OrderTracker, OrderUpdate } from './order-tracker.js';
import type { SessionEvents } from './session-events.js';
import type { StoreOutage } from './store-outage.js';

/** Calls of CancelOrder per orphan, the first included, and the pause before the next (ms, growing). */
const ORPHAN_CANCEL_ATTEMPTS = 3;
const ORPHAN_CANCEL_PAUSE_MS = 250;

/** Code of a bot halted because another session took its lease. */
export const LEASE_LOST = 'KRAKENKIT_LEASE_LOST';

/** What continuity needs from the session. */
export interface ContinuityParts extends SessionState {
  connection: Connection;
  events: SessionEvents;
  /** Whether the state store answers: its failures are reported once per outage. */
  outage: StoreOutage;
  tracker: OrderTracker;
  now: () => number;
  /** Names of every bot the config declares, by key (enabled or not): their orders are never orphans. */
  configBots: ReadonlyMap<string, ReadonlySet<string>>;
}

/** How a stopping session settles the dead man's switch. */
export interface SwitchOptions {
  /** Aborts the reads the decision needs (a key not read stays armed). */
  signal?: AbortSignal;
  /** Keys that stay armed whatever the exchange shows, with the reason. */
  keepArmed?: ReadonlyMap<string, string>;
}

/** How the session carries out what adoption asks for. */
export interface TakeOverHooks {
  run(bot: BotRunner, actions: readonly StrategyAction[]): Promise<void>;
  dispatch(updates: readonly OrderUpdate[]): Promise<void>;
}

/**
 * What makes a session survive its process and share a key with others: the leases (one process per bot name),
 * each bot's records and state, adoption at start, the orphan report, and the dead man's switch decision at stop.
 */
export class SessionContinuity {
  readonly records: BotRecords;
  readonly #parts: ContinuityParts;
  #orphans = 0;

  constructor(parts: ContinuityParts) {
    this.#parts = parts;
    this.records = new BotRecords({
      store: parts.store,
      sessionId: parts.leases.sessionId,
      now: parts.now,
      accountOf: (bot) => this.accountOf(bot.key),
      onProblem: (bot, message, error) => this.#problem(message, error, bot.name),
    });
  }

  /** Where the state lives, safe to print. */
  get location(): string {
    return this.#parts.store.location;
  }

  /** Open orders of the keys no live session owns, as found at start (0 once cancelled). */
  get orphans(): number {
    return this.#orphans;
  }

  /** The store account of a key (by key name). */
  accountOf(key: string): AccountId {
    const account = this.#parts.accounts.get(key);
    if (account === undefined) throw new Error(`no store account for key ${key}`);
    return account;
  }

  /**
   * Before the first tick: each bot takes back its resting orders, positions and saved state, and hears of
   * the fills that happened while it was down; then the keys' orphans are reported (and cancelled on request).
   */
  async takeOver(bots: readonly BotRunner[], hooks: TakeOverHooks, cancelOrphans: boolean): Promise<void> {
    // A lease lost while start-up waited on the exchange (its renewals run from the claim on).
    this.#haltLost(bots, [...this.#parts.leases.lostBots]);
    const views = await this.#readViews(bots);
    for (const bot of bots) {
      const view = views.get(bot.key) as KeyView;
      const client = this.#client(bot.key);
      const adoption = await adoptBot(bot, {
        records: this.records,
        tracker: this.#parts.tracker,
        clientOf: () => client,
        viewOf: () => view,
      });
      for (const key of adoption.unreadable)
        this.#warn(`unreadable record ${key} in the state store: ignored`, bot.name);
      if (adoption.resting.length + adoption.endedWhileDown > 0 || adoption.positions.size > 0)
        this.#parts.events.emit({
          type: 'adopted',
          at: this.#parts.now(),
          bot: bot.name,
          orders: adoption.resting.length,
          endedWhileDown: adoption.endedWhileDown,
          positions: [...adoption.positions].map(([pair, volume]) => ({
            pair: bot.pairs.find((candidate) => candidate.id === pair)?.wsname ?? pair,
            volume: volume.toFixed(),
          })),
        });
      await hooks.run(bot, adoption.actions);
      await hooks.dispatch(adoption.updates);
    }
    for (const [key, view] of views) await this.#reportOrphans(key, view, cancelOrphans);
  }

  /** Renews the leases; a bot whose lease another session took stops trading here. */
  async renew(bots: readonly BotRunner[]): Promise<void> {
    const { lost, problems } = await this.#parts.leases.renew();
    for (const { message, error } of problems) this.#problem(message, error);
    this.#haltLost(bots, lost);
  }

  #haltLost(bots: readonly BotRunner[], lost: readonly string[]): void {
    for (const name of lost) {
      const bot = bots.find((candidate) => candidate.name === name);
      if (bot === undefined || bot.halted !== undefined) continue;
      const message =
        'its lease expired (the session hung or lost the store) and may be held by another session: it stops trading here rather than compete';
      bot.halt(LEASE_LOST, message);
      this.#parts.tracker.forget(bot);
      this.#parts.events.emit({
        type: 'bot-halted',
        at: this.#parts.now(),
        bot: name,
        code: LEASE_LOST,
        message,
      });
    }
  }

  /**
   * Whether the switch of each key may be turned off now (see disarmDecision). A key in `keepArmed` stays armed
   * for the reason given (orders of unknown outcome may rest there).
   */
  async switchDecisions(
    keys: readonly string[],
    options: SwitchOptions = {},
  ): Promise<Map<string, DisarmDecision>> {
    const decisions = new Map<string, DisarmDecision>();
    for (const key of keys) {
      const kept = options.keepArmed?.get(key);
      if (kept !== undefined) {
        decisions.set(key, { disarm: false, reason: kept });
        continue;
      }
      try {
        const { store, leases } = this.#parts;
        const { signal } = options;
        const client = this.#client(key);
        const account = this.accountOf(key);
        decisions.set(
          key,
          await disarmDecision({
            store,
            account,
            leases,
            client,
            ...(signal === undefined ? {} : { signal }),
          }),
        );
      } catch (error) {
        decisions.set(key, {
          disarm: false,
          reason: `could not check the key (${describeError(error).code})`,
        });
      }
    }
    return decisions;
  }

  /**
   * At a stop: turns the switch off on the keys where nothing needs it any more, and says on the others why it
   * stays armed (kept orders await the next session; another session relies on it).
   */
  async settleSwitch(deadMan: DeadManSwitch, options: SwitchOptions = {}): Promise<void> {
    const decisions = await this.switchDecisions(deadMan.keys, options);
    const safe = [...decisions].filter(([, decision]) => decision.disarm).map(([key]) => key);
    const at = this.#parts.now();
    const timeoutSeconds = deadMan.timeoutSeconds;
    for (const [key, decision] of decisions)
      if (!decision.disarm)
        this.#parts.events.emit({
          type: 'dead-man-switch',
          at,
          armed: true,
          refreshed: false,
          timeoutSeconds,
          leftArmed: `key ${key}: ${decision.reason}`,
        });
    if (safe.length === 0) return;
    await deadMan.disarm(safe);
    this.#parts.events.emit({ type: 'dead-man-switch', at, armed: false, refreshed: false, timeoutSeconds });
  }

  /** Releases the leases, and closes the store when the session opened it. Never throws. */
  async close(): Promise<void> {
    await this.#parts.leases.release();
    if (this.#parts.ownsStore) await this.#parts.store.close().catch(() => undefined);
  }

  async #readViews(bots: readonly BotRunner[]): Promise<Map<string, KeyView>> {
    const views = new Map<string, KeyView>();
    const start = this.#parts.connection.startView;
    for (const key of new Set(bots.map((bot) => bot.key))) {
      // The first key was read a moment ago for the guard's seed: no need to spend REST calls on it again.
      const view =
        start?.key === key
          ? { open: start.openOrders.open, positions: start.openPositions }
          : await readKeyView(this.#client(key));
      views.set(key, view);
    }
    return views;
  }

  async #reportOrphans(key: string, view: KeyView, cancel: boolean): Promise<void> {
    const account = this.accountOf(key);
    const liveBots = await this.#parts.leases.liveBots(account);
    const configBots = this.#parts.configBots.get(key) ?? new Set<string>();
    const found = await findOrphans(this.#parts.store, account, view, { liveBots, configBots });
    if (found.length === 0) return;
    const { cancelled, gone } = cancel ? await this.#cancel(key, found) : { cancelled: [], gone: [] };
    await forgetOrphanRecords(this.#parts.store, account, [...cancelled, ...gone]);
    // The view may be older than the start-up that read it: an order that ended since is no orphan.
    const orphans = found.filter((orphan) => !gone.includes(orphan));
    this.#orphans += orphans.length - cancelled.length;
    if (orphans.length === 0) return;
    this.#parts.events.emit({
      type: 'orphans',
      at: this.#parts.now(),
      key,
      orders: orphans.map(({ txid, side, volume, recordedBy, pair }) => ({
        txid,
        pair: this.#parts.connection.pairs.get(pair)?.wsname ?? pair,
        side,
        volume,
        ...(recordedBy === undefined ? {} : { recordedBy }),
      })),
      cancelled: cancelled.length,
    });
  }

  // Each cancel is sent again after a lost answer or a busy exchange (cancelling twice is harmless);
  // `EOrder:Unknown order` means the order is gone already.
  async #cancel(key: string, orphans: readonly Orphan[]): Promise<{ cancelled: Orphan[]; gone: Orphan[] }> {
    const cancelled: Orphan[] = [];
    const gone: Orphan[] = [];
    for (const orphan of orphans) {
      const outcome = await this.#cancelOne(key, orphan);
      if (outcome === 'gone') gone.push(orphan);
      if (outcome !== 'cancelled') continue;
      cancelled.push(orphan);
      try {
        await this.#parts.connection.guard.apply({ type: 'order-cancelled', order: orphan.txid });
      } catch (error) {
        // The order is gone from the exchange; the guard learns it at the next reconcile.
        this.#problem(
          `orphan ${orphan.txid} cancelled; the guard was not told (${describeError(error).code})`,
          error,
        );
      }
    }
    return { cancelled, gone };
  }

  async #cancelOne(key: string, orphan: Orphan): Promise<'cancelled' | 'gone' | 'failed'> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#client(key).cancelOrder({ txid: orphan.txid });
        return 'cancelled';
      } catch (error) {
        if (error instanceof KrakenError && error.is('EOrder:Unknown order')) return 'gone';
        if (attempt < ORPHAN_CANCEL_ATTEMPTS && callMayBeRepeated(error)) {
          await sleep(ORPHAN_CANCEL_PAUSE_MS * attempt);
          continue;
        }
        const clOrdId = orphan.clOrdId === undefined ? '' : ` (cl_ord_id ${orphan.clOrdId})`;
        this.#warn(`cancel of orphan ${orphan.txid}${clOrdId} failed: ${describeError(error).code}`);
        return 'failed';
      }
    }
  }

  #client(key: string): BotClient {
    const client = this.#parts.connection.clients.get(key);
    if (client === undefined) throw new Error(`no client for key ${key}`);
    return client;
  }

  // A store failure during an outage is reported once, as the outage; any other failure as a warning.
  #problem(message: string, error: unknown, bot?: string): void {
    if (!this.#parts.outage.noted(error)) this.#warn(message, bot);
  }

  #warn(message: string, bot?: string): void {
    this.#parts.events.emit({
      type: 'warning',
      at: this.#parts.now(),
      message,
      ...(bot === undefined ? {} : { bot }),
    });
  }
}

/** The state a session starts from: its store, the leases it took and its keys' store accounts. */
export interface SessionState {
  store: StateStore;
  /** True when the session opened the store itself (then it closes it). */
  ownsStore: boolean;
  leases: SessionLeases;
  /** Store account of each key, by key name. */
  accounts: ReadonlyMap<string, AccountId>;
}

/** The state of a session built without startSession: a memory store of its own and leases it never claimed. */
export function ownState(connection: Connection, pollInterval: number): SessionState {
  const store = createMemoryStore();
  const accounts = new Map([...connection.apiKeys].map(([key, apiKey]) => [key, accountIdOf(apiKey)]));
  const leases = new SessionLeases(store, {
    sessionId: newSessionId(),
    ttlMs: leaseTtl(pollInterval),
    now: Date.now,
  });
  return { store, ownsStore: true, leases, accounts };
}

/** Every bot name the config declares (enabled or not), by the name of its key. */
export function botsByKey(config: BotConfig): Map<string, Set<string>> {
  const byKey = new Map<string, Set<string>>();
  for (const bot of config.bots) byKey.set(bot.key, (byKey.get(bot.key) ?? new Set()).add(bot.name));
  return byKey;
}
