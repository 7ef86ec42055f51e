import { randomUUID } from 'node:crypto';
import {
  type AddOrderParams,
  KrakenError,
  TransportError,
  UnknownOrderOutcomeError,
} from '@krakenkit/client';
import { parseOrder, type ValidatedOrder } from '@krakenkit/core';
import { GuardRejectedError, type Violation } from '@krakenkit/guard';
import type { BotRecords } from '../state/bot-records.js';
import { describeOrder } from '../status/event-text.js';
import type { OrderEnded, OrderRequest, StrategyAction } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { BotClient } from './connect.js';
import { describeError, haltingCode } from './halting.js';
import type { OrderTracker } from './order-tracker.js';
import { closeParams } from './protection-terms.js';
import type { SessionEvents } from './session-events.js';
import type { StoreOutage } from './store-outage.js';
import { UnsettledOrders } from './unsettled-orders.js';

/** What the executor needs from the session around it. */
export interface ExecutorContext {
  clients: ReadonlyMap<string, BotClient>;
  /** Each bot's own door (its key, judged as that bot: its loss limits, its PnL); else its key's client. */
  botClients?: ReadonlyMap<string, BotClient>;
  tracker: OrderTracker;
  events: SessionEvents;
  haltOn: readonly string[];
  /** Called with the code when an exchange error means the session must halt. */
  halt(code: string, message: string): void;
  /** False once the session halted: nothing more is sent. */
  live(): boolean;
  /** Dry run: orders go out with `validate: true` and are never placed. */
  validateOnly: boolean;
  now(): number;
  /** Each bot's orders and state in the state store; without it nothing is recorded. */
  records?: BotRecords;
  /** Told of every failed order, so an outage of the state store is noticed (and reported once). */
  outage?: StoreOutage;
}

// A strategy that answers every refusal with a new order would loop; actions chained beyond this are dropped.
const MAX_CHAIN = 8;

/**
 * Carries out strategies' actions through the guarded client: places orders (the guard checks and reserves
 * first), cancels them, and tells each bot what came of it: accepted, refused by the guard (with every violation),
 * refused by the exchange (Kraken's code), or failed. A halting error stops everything.
 */
export class OrderExecutor {
  /** Orders sent whose outcome is not known (yet): what a stopping session cancels by cl_ord_id. */
  readonly unsettled = new UnsettledOrders();
  readonly #context: ExecutorContext;
  #closed = false;

  constructor(context: ExecutorContext) {
    this.#context = context;
  }

  /**
   * From now on no new order is placed (the session is stopping): strategies' placements are dropped, except
   * the last actions of onStop (see runLast). Cancels still go out.
   */
  close(): void {
    this.#closed = true;
  }

  /** Runs the actions (orders concurrently) and whatever the strategy answers to their outcomes. */
  run(bot: BotRunner, actions: readonly StrategyAction[], depth = 0): Promise<void> {
    return this.#carryOut(bot, actions, depth, false);
  }

  /** A stopping bot's last actions (its strategy's onStop): carried out even once closed; follow-ups are not. */
  runLast(bot: BotRunner, actions: readonly StrategyAction[]): Promise<void> {
    return this.#carryOut(bot, actions, 0, true);
  }

  async #carryOut(
    bot: BotRunner,
    actions: readonly StrategyAction[],
    depth: number,
    last: boolean,
  ): Promise<void> {
    // The state the actions came from is saved before they are carried out: a crash in between leaves a
    // restart with the strategy's view (a grid's centre) next to the orders it placed.
    await this.#context.records?.save(bot);
    if (actions.length === 0 || !this.#context.live() || bot.halted !== undefined) return;
    // Read after the save: a stop that came meanwhile closed the executor.
    const placing = last || !this.#closed;
    if (depth >= MAX_CHAIN) {
      this.#context.events.emit({
        type: 'warning',
        at: this.#context.now(),
        bot: bot.name,
        message: `dropped ${actions.length} chained actions (more than ${MAX_CHAIN} in a row)`,
      });
      return;
    }
    // A paused bot places nothing new, whatever callback asked; its cancels still go out (see BotRunner.pause).
    // So for a bot that stopped opening (a position it could not protect: BotRunner.stopOpening).
    const held = bot.paused !== undefined || bot.stoppedOpening !== undefined;
    if (placing && held) this.#dropWhilePaused(bot, actions);
    const allowed = placing && !held;
    const followUps = await Promise.all(
      actions.map((action) => {
        if (action.type === 'cancel') return this.#cancel(bot, action.tag);
        return allowed ? this.#place(bot, action.order) : Promise.resolve([]);
      }),
    );
    for (const next of followUps) await this.run(bot, next, depth + 1);
  }

  /**
   * Places one order the runner itself needs for a position that exists (a protective leg, a stop standing in for
   * one the exchange did not create, the close of a position that cannot be protected): through the guard like any
   * order, and even while the bot is paused or the session stopping, since it only guards or closes what is held.
   * Resolves with how it ended when it was not accepted (undefined: accepted); the strategy's answers run as usual.
   */
  async placeProtective(bot: BotRunner, request: OrderRequest): Promise<OrderEnded | undefined> {
    if (!this.#context.live() || bot.halted !== undefined) {
      const message = 'the session or the bot is halted: nothing is sent';
      return {
        tag: request.tag,
        reason: 'failed',
        code: 'KRAKENKIT_HALTED',
        message,
        at: this.#context.now(),
      };
    }
    let refused: OrderEnded | undefined;
    const followUps = await this.#place(bot, request, (ended) => {
      refused = ended;
    });
    await this.run(bot, followUps, 1);
    return refused;
  }

  // Dropped, not held for the resume: an order decided while the operator had the bot stopped would reach the
  // market at a price nobody looked at. The strategy never sees it among its orders; the warning names it.
  #dropWhilePaused(bot: BotRunner, actions: readonly StrategyAction[]): void {
    const dropped = actions.flatMap((action) =>
      action.type === 'place' ? [describeOrder(action.order, pairName(bot, action.order))] : [],
    );
    if (dropped.length === 0) return;
    this.#context.events.emit({
      type: 'warning',
      at: this.#context.now(),
      bot: bot.name,
      message: `${bot.stoppedOpening === undefined ? 'paused' : 'halted'}: not placed ${dropped.join('; ')}`,
    });
  }

  // `onRefused` hears how the order ended when it was not accepted (not sent at all included).
  async #place(
    bot: BotRunner,
    request: OrderRequest,
    onRefused?: (ended: OrderEnded) => void,
  ): Promise<StrategyAction[]> {
    const client = this.#context.botClients?.get(bot.name) ?? this.#context.clients.get(bot.key);
    const clOrdId = randomUUID();
    if (client === undefined || !bot.pending(request, clOrdId)) {
      const message = `not sent: ${client === undefined ? 'no client for the bot' : `the bot already has an order tagged ${request.tag}`}`;
      onRefused?.({
        tag: request.tag,
        reason: 'failed',
        code: 'KRAKENKIT_NOT_SENT',
        message,
        at: this.#context.now(),
      });
      return [];
    }
    const records = this.#context.records;
    try {
      if (this.#context.validateOnly) {
        await client.addOrder(validatedOrder(request, true));
        const at = this.#context.now();
        this.#context.events.emit({
          type: 'validated',
          at,
          bot: bot.name,
          pair: pairName(bot, request),
          order: request,
        });
        return bot.ended({ tag: request.tag, reason: 'validated', at }, clOrdId);
      }
      // Recorded before it is sent: if the process dies before the answer, the next start still finds it.
      const signal = this.unsettled.begin(bot, clOrdId);
      await records?.placing(bot, clOrdId, request);
      const result = await client.addOrder(validatedOrder(request, false, clOrdId), { signal });
      this.unsettled.known(clOrdId);
      const txid = result.txid?.[0];
      bot.accepted(request.tag, txid, clOrdId);
      if (txid !== undefined) await records?.accepted(bot, clOrdId, request, txid);
      const pair = bot.pairs.find((candidate) => candidate.id === request.pair);
      if (txid !== undefined && pair !== undefined) {
        this.#context.tracker.watch({
          txid,
          clOrdId,
          bot,
          tag: request.tag,
          pair,
          side: request.side,
          margin: request.leverage !== undefined,
          volume: request.volume,
        });
      }
      this.#context.events.emit({
        type: 'placed',
        at: this.#context.now(),
        bot: bot.name,
        pair: pairName(bot, request),
        order: request,
        txid,
      });
      return [];
    } catch (error) {
      const ended = this.#failure(bot, request, error);
      onRefused?.(ended);
      // An order that may have been placed keeps its record: the next start looks it up by cl_ord_id, and a
      // stopping session cancels it by cl_ord_id.
      if (this.#context.validateOnly) return bot.ended(ended, clOrdId);
      if (mayHaveBeenPlaced(error)) this.unsettled.unknown(bot, clOrdId);
      else {
        this.unsettled.known(clOrdId);
        await records?.ended(bot, clOrdId);
      }
      return bot.ended(ended, clOrdId);
    }
  }

  #failure(bot: BotRunner, request: OrderRequest, error: unknown): OrderEnded {
    const at = this.#context.now();
    if (error instanceof GuardRejectedError) {
      const violations: readonly Violation[] = error.violations;
      this.#context.events.emit({
        type: 'guard-rejected',
        at,
        bot: bot.name,
        pair: pairName(bot, request),
        order: request,
        violations,
      });
      return { tag: request.tag, reason: 'guard-rejected', code: error.code, message: error.message, at };
    }
    const { code, message } = describeError(error);
    const halting = haltingCode(error, this.#context.haltOn);
    if (halting !== undefined) this.#context.halt(halting, message);
    // Refused before anything was sent (no nonce, no reservation): reported below with the store's code.
    this.#context.outage?.noted(error);
    if (error instanceof KrakenError) {
      this.#context.events.emit({
        type: 'exchange-rejected',
        at,
        bot: bot.name,
        pair: pairName(bot, request),
        order: request,
        code,
        message,
      });
      return { tag: request.tag, reason: 'exchange-rejected', code, message, at };
    }
    this.#context.events.emit({
      type: 'order-failed',
      at,
      bot: bot.name,
      pair: pairName(bot, request),
      order: request,
      code,
      message,
    });
    return { tag: request.tag, reason: 'failed', code, message, at };
  }

  async #cancel(bot: BotRunner, tag: string): Promise<StrategyAction[]> {
    const txid = bot.order(tag)?.txid;
    if (txid === undefined) return [];
    await this.cancelTxid(bot, txid);
    return [];
  }

  /** Cancels one order; the tracker reports its end (and any last fill) at its next poll. */
  async cancelTxid(bot: BotRunner, txid: string): Promise<void> {
    const client = this.#context.clients.get(bot.key);
    if (client === undefined || !this.#context.live() || bot.halted !== undefined) return;
    try {
      await client.cancelOrder({ txid });
    } catch (error) {
      const { code, message } = describeError(error);
      const halting = haltingCode(error, this.#context.haltOn);
      if (halting !== undefined) this.#context.halt(halting, message);
      this.#context.events.emit({
        type: 'warning',
        at: this.#context.now(),
        bot: bot.name,
        message: `cancel ${txid} failed: ${code}`,
      });
    }
  }
}

function mayHaveBeenPlaced(error: unknown): boolean {
  return (
    error instanceof UnknownOrderOutcomeError ||
    (error instanceof TransportError && error.outcome === 'unknown')
  );
}

function pairName(bot: BotRunner, request: OrderRequest): string {
  return bot.pairs.find((pair) => pair.id === request.pair)?.wsname ?? request.pair;
}

/** A strategy's order as AddOrder params (Kraken's field names; money as the strategy's Decimals). */
export function orderParams(request: OrderRequest, clOrdId?: string): AddOrderParams {
  return {
    ...(clOrdId === undefined ? {} : { cl_ord_id: clOrdId }),
    pair: request.pair,
    type: request.side,
    ordertype: request.type,
    volume: request.volume,
    ...(request.price === undefined ? {} : { price: request.price }),
    ...(request.leverage === undefined ? {} : { leverage: request.leverage }),
    ...(request.reduceOnly ? { reduce_only: true } : {}),
    ...(request.postOnly ? { oflags: ['post'] as const } : {}),
    ...closeParams(request),
  };
}

/**
 * A strategy's order validated once (core's parseOrder): the guarded client checks this very value and the
 * client sends it, neither parsing it again. A strategy's mistake (a zero volume) throws a ValidationError here.
 */
export function validatedOrder(
  request: OrderRequest,
  validateOnly: boolean,
  clOrdId?: string,
): ValidatedOrder {
  const params = orderParams(request, clOrdId);
  return parseOrder(validateOnly ? { ...params, validate: true } : params);
}
