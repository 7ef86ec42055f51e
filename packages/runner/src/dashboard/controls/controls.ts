import { lookupPermission, PERMISSIONS } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { GuardRejectedError, isTradingState, type TradingState } from '@krakenkit/guard';
import type { Logger } from 'pino';
import type { BotRunner } from '../../engine/bot-runner.js';
import { describeError } from '../../engine/halting.js';
import { DASHBOARD_CODES, DashboardRequestError } from '../dashboard-errors.js';
import { Ring } from '../data/ring.js';
import type { DashboardSource } from '../data/source.js';
import type { EventStream } from '../http/event-stream.js';
import { received, shownValue } from '../http/json-body.js';
import type { SecretScreen } from '../http/secret-screen.js';
import { appendControlAudit } from './control-audit.js';
import type { ControlAction, ControlRecord, ControlSource } from './control-record.js';

/** What closing a position takes of a key: OpenPositions (for its leverage) and AddOrder. */
const CLOSE_PERMISSIONS = [PERMISSIONS.trades_query_open, PERMISSIONS.trades_modify] as const;

const KEEP_RECORDS = 100;
/** What a record shows instead of a detail that held a key or secret. */
const WITHHELD_DETAIL = 'withheld: it held a key or secret';

/**
 * The dashboard's controls. Each goes the way any other action does: the kill switch is the guard's trading state
 * (written to the audit trail), cancels and the order that closes a position go through the guarded clients (the
 * guard judges them and the audit trail records them), pause and resume are the bot's own (BotRunner.pause) and
 * session events. Every control is logged, written to the session's audit trail with who asked for it, kept in a
 * bounded list and pushed to the open pages.
 */
export class Controls {
  readonly #source: DashboardSource;
  readonly #screen: SecretScreen;
  readonly #stream: EventStream;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #records = new Ring<ControlRecord>(KEEP_RECORDS);

  constructor(parts: {
    source: DashboardSource;
    stream: EventStream;
    logger: Logger;
    now: () => number;
    screen: SecretScreen;
  }) {
    this.#source = parts.source;
    this.#screen = parts.screen;
    this.#stream = parts.stream;
    this.#logger = parts.logger;
    this.#now = parts.now;
  }

  /** Latest first. */
  records(): ControlRecord[] {
    return this.#records.toArray().reverse();
  }

  /**
   * Pauses a running bot (BotRunner.pause: no ticks for its strategy, no new order placed; resting orders stay,
   * their fills count, cancels go out), told as a `bot-paused` session event.
   */
  pause(name: string, by: ControlSource, reason: string): ControlRecord {
    const bot = this.#bot(name);
    if (!bot.pause({ by, reason })) return this.#record(by, 'pause', name, 'done', 'already paused');
    const at = bot.paused?.at ?? this.#now();
    this.#source.session?.events.emit({ type: 'bot-paused', at, bot: bot.name, by, reason });
    return this.#record(by, 'pause', name, 'done', `paused: ${reason}`);
  }

  /** Resumes a paused bot: its strategy is shown the next tick. Told as a `bot-resumed` session event. */
  resume(name: string, by: ControlSource): ControlRecord {
    const bot = this.#bot(name);
    const pause = bot.resume();
    if (pause === undefined) return this.#record(by, 'resume', name, 'done', 'was not paused');
    const at = this.#now();
    this.#source.session?.events.emit({
      type: 'bot-resumed',
      at,
      bot: bot.name,
      by,
      pausedMs: at - pause.at,
    });
    return this.#record(by, 'resume', name, 'done', 'resumed');
  }

  /**
   * Sets the guard's kill switch: HALTED refuses every order (cancels still pass), REDUCING only position-reducing
   * ones, ACTIVE trades again. With `cancelOrders` every key's open orders are cancelled too.
   */
  async killSwitch(
    by: ControlSource,
    state: string,
    reason: string,
    cancelOrders: boolean,
  ): Promise<ControlRecord> {
    if (!isTradingState(state))
      throw new DashboardRequestError(
        400,
        DASHBOARD_CODES.badField,
        `field "state": expected ACTIVE, REDUCING or HALTED, ${received('state', state)}`,
      );
    const to: TradingState = state;
    try {
      // The guard's own audit line says where the change came from: a browser, or a tool with the API token.
      await this.#source.connection.guard.setTradingState(
        to,
        `${by === 'api' ? 'dashboard API' : 'dashboard'}: ${reason}`,
      );
    } catch (error) {
      // A shared guard whose store is down: the switch did not change, and the record says so.
      return this.#failure(by, 'kill-switch', 'account', error);
    }
    const detail = `trading state ${to}: ${reason}`;
    if (!cancelOrders) return this.#record(by, 'kill-switch', 'account', 'done', detail);
    // The state is set whatever the cancels do: a key that cannot cancel makes the record `failed`, not a 500.
    const cancels = await this.#cancelEverywhere();
    return this.#record(
      by,
      'kill-switch',
      'account',
      cancels.failed ? 'failed' : 'done',
      `${detail}; ${cancels.lines.join('; ')}`,
    );
  }

  /** Cancels every open order of every key (CancelAll through the guarded client). */
  async cancelAll(by: ControlSource): Promise<ControlRecord> {
    const cancels = await this.#cancelEverywhere();
    return this.#record(
      by,
      'cancel-all',
      'account',
      cancels.failed ? 'failed' : 'done',
      cancels.lines.join('; '),
    );
  }

  /**
   * Closes a margin position with a reduce-only market order of its volume on the other side, at the position's
   * leverage, through the guarded client: the guard judges it like a bot's order.
   */
  async closePosition(by: ControlSource, id: string): Promise<ControlRecord> {
    const { connection } = this.#source;
    const position = connection.guard.positions().find((candidate) => candidate.id === id);
    if (position === undefined)
      throw new DashboardRequestError(404, DASHBOARD_CODES.notFound, `no open position ${shownValue(id)}`);
    // The first key that may both read the position (its leverage) and place the closing order: a read-only or
    // funding key listed first must not make the close fail while another key could make it.
    const client = [...connection.clients].find(([name]) => {
      const declared = (this.#source.config.keys[name]?.permissions ?? []).map(lookupPermission);
      return CLOSE_PERMISSIONS.every((permission) => declared.includes(permission));
    })?.[1];
    if (client === undefined)
      throw new DashboardRequestError(
        409,
        DASHBOARD_CODES.unavailable,
        'no open key may close a position: one with trades_query_open and trades_modify is needed',
      );
    const target = `${position.pair} ${position.side} ${position.volume}`;
    try {
      const open = await client.openPositions({ txid: id });
      const raw = open[id];
      const leverage = raw === undefined ? undefined : leverageOf(raw.cost, raw.margin);
      const result = await client.addOrder({
        pair: position.pair,
        type: position.side === 'buy' ? 'sell' : 'buy',
        ordertype: 'market',
        volume: new Decimal(position.volume),
        ...(leverage === undefined ? {} : { leverage }),
        reduce_only: true,
      });
      return this.#record(
        by,
        'close-position',
        target,
        'done',
        `closing order ${result.txid?.join(', ') ?? 'sent'}`,
      );
    } catch (error) {
      return this.#failure(by, 'close-position', target, error);
    }
  }

  /** Revokes a key on the embedded mock (its next call fails with EAPI:Invalid key, which halts a session). */
  revokeKey(by: ControlSource, name: string): ControlRecord {
    const { connection } = this.#source;
    if (connection.mock === undefined)
      throw new DashboardRequestError(
        409,
        DASHBOARD_CODES.unavailable,
        'Kraken keys are revoked in the Kraken account settings; the API has no call for it',
      );
    const apiKey = connection.apiKeys.get(name);
    if (apiKey === undefined)
      throw new DashboardRequestError(404, DASHBOARD_CODES.notFound, `no open key ${shownValue(name)}`);
    connection.mock.exchange.revokeKey(apiKey);
    return this.#record(by, 'revoke-key', name, 'done', 'revoked on the embedded mock: its next call fails');
  }

  // Every key is tried even when one fails: a key that cannot cancel must not leave the others' orders resting.
  async #cancelEverywhere(): Promise<{ lines: string[]; failed: boolean }> {
    const lines: string[] = [];
    let failed = false;
    for (const [name, client] of this.#source.connection.clients) {
      try {
        const { count } = await client.cancelAll();
        lines.push(`${count} order(s) cancelled on key ${name}`);
      } catch (error) {
        failed = true;
        lines.push(`cancel on key ${name} failed: ${describeError(error).message}`);
      }
    }
    return { lines, failed };
  }

  #bot(name: string): BotRunner {
    const { session } = this.#source;
    if (session === undefined)
      throw new DashboardRequestError(
        409,
        DASHBOARD_CODES.unavailable,
        'no bot runs here: pause needs `krakenkit run --ui`',
      );
    const bot = session.bots.find((candidate) => candidate.name === name);
    if (bot === undefined)
      throw new DashboardRequestError(404, DASHBOARD_CODES.notFound, `no bot ${shownValue(name)}`);
    return bot;
  }

  #failure(by: ControlSource, action: ControlAction, target: string, error: unknown): ControlRecord {
    const { message } = describeError(error);
    if (error instanceof GuardRejectedError)
      return this.#record(by, action, target, 'refused', message, [...error.violations]);
    return this.#record(by, action, target, 'failed', message);
  }

  #record(
    by: ControlSource,
    action: ControlAction,
    target: string,
    outcome: ControlRecord['outcome'],
    detail: string,
    violations?: ControlRecord['violations'],
  ): ControlRecord {
    // A detail quoting a key or secret (an error message repeating what was sent) is withheld here, once: kept, it
    // would be logged, audited and make every later answer of the list a refused one.
    const shown = this.#screen.cleanOfPrefixes(detail) ? detail : WITHHELD_DETAIL;
    const record: ControlRecord = {
      at: this.#now(),
      action,
      target: this.#screen.cleanOfPrefixes(target) ? target : WITHHELD_DETAIL,
      by,
      outcome,
      detail: shown,
      ...(violations === undefined ? {} : { violations }),
    };
    this.#records.push(record);
    this.#logger.info({ control: record }, `dashboard control ${action} ${target} by ${by}: ${outcome}`);
    this.#audit(record);
    this.#stream.publish('control', record);
    return record;
  }

  // The session's audit trail, when it keeps one (`krakenkit dashboard` has none: its pino log has the control).
  #audit(record: ControlRecord): void {
    const path = this.#source.session?.auditLog;
    if (path === undefined) return;
    try {
      appendControlAudit(path, record);
    } catch (error) {
      this.#logger.error({ err: error }, 'dashboard control not written to the audit trail');
    }
  }
}

// Kraken's OpenPositions gives cost and margin, not the leverage: cost / margin, rounded (a 2x position: 2).
function leverageOf(cost: string, margin: string): number | undefined {
  const marginValue = new Decimal(margin);
  if (marginValue.isZero()) return undefined;
  const leverage = new Decimal(cost).div(marginValue).toDecimalPlaces(0).toNumber();
  return leverage >= 2 ? leverage : undefined;
}
