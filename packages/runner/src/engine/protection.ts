import type { OrderInfo } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { BotRecords } from '../state/bot-records.js';
import { closeLegOf, laterLegs, legTag, type ProtectionLeg } from '../strategies/protection.js';
import type { OrderEnded, OrderRequest, StrategyOrderType } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { BotClient } from './connect.js';
import { describeError } from './halting.js';
import type { OrderTracker, WatchedOrder } from './order-tracker.js';
import { type FallbackParts, refusalText, standIn } from './protection-fallback.js';
import type { SessionEvents } from './session-events.js';
import { type StopCheck, StopChecks } from './stop-checks.js';

/** What the protection desk needs from the session. */
export interface ProtectionContext {
  clients: ReadonlyMap<string, BotClient>;
  tracker: OrderTracker;
  records: BotRecords;
  events: SessionEvents;
  /**
   * Places a leg the runner adds itself (through the executor: the guard checks it like any order, paused or
   * not); resolves with how it ended when it was not accepted.
   */
  place(bot: BotRunner, order: OrderRequest): Promise<OrderEnded | undefined>;
  /** Cancels one order of the bot. */
  cancel(bot: BotRunner, txid: string): Promise<void>;
  now(): number;
  /**
   * How long after a fill the exchange has to show the entry's conditional close before a standalone stop stands
   * in for it (default STOP_LOOKUP_MS). 0 (a backtest: the in-process exchange creates it with the fill or never):
   * at once.
   */
  lookupMs?: number;
}

/** Default bound on the look-ups of a filled entry's conditional close. */
export const STOP_LOOKUP_MS = 5_000;

/** A fill as the desk sees it: the order that filled, and the entry request it came from (if the bot knew it). */
export interface ProtectedFill {
  bot: BotRunner;
  order: WatchedOrder;
  /** The request of the order that filled, read before the fill (a complete fill takes it off the bot's list). */
  request: OrderRequest | undefined;
  volume: Decimal;
  price: Decimal;
  complete: boolean;
}

// The client order id a claimed conditional close is recorded under (Kraken gives it none; it is found by txid).
const CLAIM_PREFIX = 'close-';
const ORDER_TYPES: ReadonlySet<string> = new Set(['stop-loss', 'take-profit', 'trailing-stop']);

/** Decimal text with nothing else: a price, not an offset. */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Keeps each bot's exchange-resident protection in step with its fills (see docs/runner.md, "Protection on the
 * exchange"). When a protected entry fills, the exchange has already created its conditional close (the stop): the
 * desk claims it (OpenOrders, by `refid`: the entry's txid) as an order of the bot, recorded and watched like any
 * other, and places the take-profit leg when both are wanted. When a protective order fills, or the bot's position
 * on the pair is flat again (closed by the strategy), the remaining protective orders there are cancelled: a
 * conditional close is not reduce-only, and left alone it would open the opposite position when it triggers.
 */
export class ProtectionDesk {
  readonly #context: ProtectionContext;
  readonly #claimed = new Set<string>();
  readonly #cancelled = new Set<string>();
  readonly #checks = new StopChecks();
  readonly #lookupFailing = new Set<string>();

  constructor(context: ProtectionContext) {
    this.#context = context;
  }

  /** Filled entries whose stop the exchange has not shown yet (looked up again by `verify`). */
  get checking(): number {
    return this.#checks.size;
  }

  /**
   * Looks up again the conditional close of each filled entry that showed none (one OpenOrders per key); an
   * entry still without one at a look-up once the bound has passed gets a standalone stop, and if that is refused
   * too its position is closed and the bot halted (see protection-fallback.ts). The session calls it every cycle.
   */
  async verify(): Promise<void> {
    if (this.#checks.size === 0) return;
    const now = this.#context.now();
    for (const [key, entries] of this.#checks.dueByKey(now)) {
      const open = await this.#openOrders(key, entries[0]?.bot);
      for (const check of entries) {
        // A look-up that failed decides nothing: the entry is looked up again (past the bound: every cycle).
        if (open === undefined) {
          this.#checks.missed(check, now);
          continue;
        }
        const claimed = await this.#claimFrom(open, check);
        if (claimed > 0) this.#checks.done(check);
        else if (now >= check.deadline) {
          this.#checks.done(check);
          await standIn(this.#fallbackParts(), check);
        } else this.#checks.missed(check, now);
      }
    }
  }

  /** At a stop: entries still unchecked are reported (a stopping session places nothing new). */
  leftUnchecked(): void {
    for (const check of this.#checks.drain())
      this.#warn(
        check.bot,
        `entry ${check.request.tag} (${check.entry.txid}) filled and the exchange showed no stop for it before the session stopped: check that its position is protected`,
      );
  }

  /** Follows one fill; `react` false (a stopping session): claims what the exchange created, places nothing new. */
  async filled(fill: ProtectedFill, react = true): Promise<void> {
    const { bot, request } = fill;
    if (request?.protect !== undefined && request.protects === undefined)
      await this.#protect(fill, request, react);
    if (request?.protects !== undefined && fill.complete) await this.#cancelSiblings(bot, request);
    if (this.#flat(bot, fill.order.pair.id, fill.order.margin))
      await this.#cancelAll(bot, fill.order.pair.id);
  }

  async #protect(fill: ProtectedFill, entry: OrderRequest, react: boolean): Promise<void> {
    const { bot, order } = fill;
    const leg = closeLegOf(entry.protect ?? {});
    if (leg !== undefined) {
      const check = this.#checks.add({ bot, entry: order, request: entry, leg }, fill, this.#deadline());
      const open = await this.#openOrders(bot.key, bot);
      const claimed = open === undefined ? 0 : await this.#claimFrom(open, check);
      if (claimed > 0) this.#checks.done(check);
      else if (!react) {
        this.#checks.done(check);
        this.#warn(
          bot,
          `entry ${entry.tag} (${order.txid}) filled while stopping, and the exchange holds no conditional close for it: the position it opened is not protected on the exchange`,
        );
      } else {
        this.#checks.missed(check, this.#context.now());
        // No bound to wait for (a backtest): stood in for at once.
        if ((this.#context.lookupMs ?? STOP_LOOKUP_MS) <= 0) await this.verify();
      }
    }
    const n = this.#legsOf(bot, entry.tag, 'tp') + 1;
    const legs = laterLegs(entry, fill, order.pair, n);
    if (legs.length === 0) return;
    if (!react) {
      this.#warn(bot, `entry ${entry.tag} filled while stopping: its take-profit is not placed`);
      return;
    }
    for (const leg of legs) {
      const refused = await this.#context.place(bot, leg);
      if (refused !== undefined) this.#takeProfitRefused(bot, entry, refused);
    }
  }

  // The position keeps its stop (the conditional close, checked on its own): a missing take-profit is told, and
  // no second stop is placed (two stops for one position could open the opposite one).
  #takeProfitRefused(bot: BotRunner, entry: OrderRequest, refused: OrderEnded): void {
    const stop = bot
      .openOrders()
      .find((order) => order.request.protects === entry.tag && order.request.type !== 'take-profit');
    const stopText =
      stop === undefined
        ? 'its stop is being checked for on the exchange (a standalone stop stands in if none shows)'
        : `it keeps its ${stop.request.type}${stop.txid === undefined ? '' : ` ${stop.txid}`} on the exchange`;
    this.#warn(
      bot,
      `the take-profit of entry ${entry.tag} was refused (${refusalText(refused)}): the position has no take-profit; ${stopText}`,
    );
  }

  #deadline(): number {
    return this.#context.now() + (this.#context.lookupMs ?? STOP_LOOKUP_MS);
  }

  // Told once per run of failures of a key (the look-ups repeat every cycle past the bound).
  async #openOrders(key: string, bot: BotRunner | undefined): Promise<Record<string, OrderInfo> | undefined> {
    const client = this.#context.clients.get(key);
    if (client === undefined) return undefined;
    try {
      const open = (await client.openOrders()).open;
      this.#lookupFailing.delete(key);
      return open;
    } catch (error) {
      if (bot !== undefined && !this.#lookupFailing.has(key))
        this.#warn(bot, `could not look up the stops of its entries: ${describeError(error).code}`);
      this.#lookupFailing.add(key);
      return undefined;
    }
  }

  // The conditional close orders the entry's fills created, not yet the bot's: made its orders (tracked, recorded).
  async #claimFrom(open: Record<string, OrderInfo>, check: StopCheck): Promise<number> {
    const { bot, entry, request, leg } = check;
    let claimed = 0;
    for (const [txid, info] of Object.entries(open)) {
      if (info.refid !== entry.txid) continue;
      claimed += 1;
      if (this.#claimed.has(txid) || ownsTxid(bot, txid)) continue;
      this.#claimed.add(txid);
      await this.#adoptClose(bot, entry, request, leg, txid, info);
    }
    return claimed;
  }

  #fallbackParts(): FallbackParts {
    const context = this.#context;
    return {
      client: (bot) => context.clients.get(bot.key),
      place: (bot, order) => context.place(bot, order),
      cancelLegs: (bot, entryTag) => this.#cancelLegsOf(bot, entryTag),
      events: context.events,
      now: () => context.now(),
      nextLeg: (bot, entryTag, leg) => this.#legsOf(bot, entryTag, leg) + 1,
    };
  }

  async #cancelLegsOf(bot: BotRunner, entryTag: string): Promise<void> {
    for (const order of bot.openOrders())
      if (order.request.protects === entryTag) await this.#cancel(bot, order.txid);
  }

  async #adoptClose(
    bot: BotRunner,
    entry: WatchedOrder,
    request: OrderRequest,
    leg: ProtectionLeg,
    txid: string,
    info: OrderInfo,
  ): Promise<void> {
    const type = ORDER_TYPES.has(info.descr.ordertype)
      ? (info.descr.ordertype as StrategyOrderType)
      : 'stop-loss';
    // A trailing stop's descr.price is its offset (`+1.5000%`), not a price: only plain decimal text is a trigger.
    const trigger = PLAIN_DECIMAL.test(info.descr.price) ? new Decimal(info.descr.price) : new Decimal(0);
    const close: OrderRequest = {
      tag: legTag(request.tag, leg, this.#legsOf(bot, request.tag, leg) + 1),
      pair: request.pair,
      side: info.descr.type,
      type,
      volume: new Decimal(info.vol),
      ...(trigger.gt(0) ? { price: trigger } : {}),
      ...(request.leverage === undefined ? {} : { leverage: request.leverage }),
      protects: request.tag,
    };
    const clOrdId = `${CLAIM_PREFIX}${txid}`;
    if (!bot.pending(close, clOrdId)) return;
    bot.accepted(close.tag, txid, clOrdId);
    await this.#context.records.accepted(bot, clOrdId, close, txid);
    this.#context.tracker.watch({
      txid,
      clOrdId,
      bot,
      tag: close.tag,
      pair: entry.pair,
      side: close.side,
      margin: close.leverage !== undefined,
      volume: close.volume,
    });
    this.#context.events.emit({
      type: 'placed',
      at: this.#context.now(),
      bot: bot.name,
      pair: entry.pair.wsname,
      order: close,
      txid,
    });
  }

  async #cancelSiblings(bot: BotRunner, request: OrderRequest): Promise<void> {
    for (const order of bot.openOrders())
      if (order.request.protects === request.protects && order.request.tag !== request.tag)
        await this.#cancel(bot, order.txid);
  }

  async #cancelAll(bot: BotRunner, pair: string): Promise<void> {
    for (const order of bot.openOrders())
      if (order.request.pair === pair && order.request.protects !== undefined)
        await this.#cancel(bot, order.txid);
  }

  // Once per order: it stays on the bot's list until the tracker sees it end.
  async #cancel(bot: BotRunner, txid: string | undefined): Promise<void> {
    if (txid === undefined || this.#cancelled.has(txid)) return;
    this.#cancelled.add(txid);
    await this.#context.cancel(bot, txid);
  }

  #flat(bot: BotRunner, pair: string, margin: boolean): boolean {
    const held = margin ? bot.position(pair) : bot.view().inventory(pair);
    return margin ? held.isZero() : held.lte(0);
  }

  #legsOf(bot: BotRunner, entryTag: string, leg: ProtectionLeg): number {
    const prefix = legTag(entryTag, leg);
    return bot.openOrders().filter((order) => order.request.tag.startsWith(prefix)).length;
  }

  #warn(bot: BotRunner, message: string): void {
    this.#context.events.emit({ type: 'warning', at: this.#context.now(), bot: bot.name, message });
  }
}

function ownsTxid(bot: BotRunner, txid: string): boolean {
  return bot.openOrders().some((order) => order.txid === txid);
}

/** The session's protection desk, when one of its bots sets `protect:` (undefined otherwise). */
export function protectionDesk(
  config: { bots: ReadonlyArray<{ enabled: boolean; protect?: unknown }> },
  context: ProtectionContext,
): ProtectionDesk | undefined {
  return config.bots.some((bot) => bot.enabled && bot.protect !== undefined)
    ? new ProtectionDesk(context)
    : undefined;
}
