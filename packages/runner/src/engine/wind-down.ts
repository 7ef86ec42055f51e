import type { CallOptions } from '@krakenkit/client';
import type { RunConfig } from '../config/schema.js';
import type { TrackedOrder } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { BotClient } from './connect.js';
import type { OrderExecutor } from './executor.js';
import type { OrderTracker, OrderUpdate } from './order-tracker.js';
import type { SessionEvents } from './session-events.js';
import { type CancelTarget, cancelAtShutdown } from './shutdown-cancels.js';
import { type ShutdownDeadline, shutdownAbort } from './shutdown-deadline.js';

/**
 * Shares of `run.shutdownTimeout`, counted from the stop request: until OUTCOMES the session waits for its cycle
 * to end and for orders still in flight to learn their outcome; until CANCELS it cancels; until LAST_LOOK it takes
 * a last look at fills, settles the dead man's switch and re-reads the 30-day volume; the rest is for releasing the
 * leases and closing the store and the exchange.
 */
export const SHUTDOWN_SHARES = { outcomes: 0.4, cancels: 0.8, lastLook: 0.95 } as const;

/** What winding down needs from the session. */
export interface WindDownParts {
  bots: readonly BotRunner[];
  executor: OrderExecutor;
  tracker: OrderTracker;
  run: Pick<RunConfig, 'onShutdown' | 'haltOn'>;
  clients: ReadonlyMap<string, BotClient>;
  /** The session's loop: it ends at its next check (it places nothing more: the executor is closed). */
  loop: Promise<void>;
  dispatch(updates: readonly OrderUpdate[], react: boolean): Promise<void>;
  /** Turns the dead man's switch off where nothing needs it (absent when it is not armed). */
  settleSwitch:
    | ((options: { signal: AbortSignal; keepArmed: Map<string, string> }) => Promise<void>)
    | undefined;
  refreshFees(options: CallOptions): Promise<void>;
  /** True once the session halted: nothing more is sent with the key. */
  halted(): boolean;
  halt(code: string, message: string): void;
  /** A step's failure other than running out of time: halts, notes a store outage, or warns. */
  failed(error: unknown): void;
  events: SessionEvents;
  now(): number;
}

/**
 * Stops the bots within the deadline: strategies' last actions, then their orders cancelled or kept
 * (run.onShutdown), orders whose AddOrder outcome is still unknown included (by cl_ord_id), a last look at
 * fills, the dead man's switch settled, the 30-day volume re-read. Each step that waits on the exchange gets its
 * share of the deadline and is abandoned, its calls aborted, when the share has passed. After a halt only the
 * loop is waited for: with a revoked key every call would fail (and Kraken locks out repeated invalid keys).
 */
export async function windDown(parts: WindDownParts, deadline: ShutdownDeadline): Promise<void> {
  const outcomesBy = deadline.at(SHUTDOWN_SHARES.outcomes);
  await deadline.within(parts.loop, outcomesBy);
  if (parts.halted()) return;
  const { executor } = parts;
  const last = (async () => {
    for (const bot of parts.bots) await executor.runLast(bot, bot.stop());
  })();
  await deadline.within(last, outcomesBy);
  await deadline.within(executor.unsettled.settled(), outcomesBy);
  giveUpWaiting(parts, deadline);
  if (parts.run.onShutdown === 'cancel') await cancelEverything(parts, deadline);
  // Side by side: each waits its turn in the key's REST budget, and none should eat the others' time.
  const lastLookBy = deadline.at(SHUTDOWN_SHARES.lastLook);
  const lastLook = step('a last look at fills', parts, deadline, lastLookBy, async (signal) =>
    parts.dispatch(await parts.tracker.poll(true, { signal }), false),
  );
  // Turned off only where nothing needs it: kept orders rest under its protection, and so may orders whose
  // outcome is unknown.
  const { settleSwitch } = parts;
  const keepArmed = uncertainKeys(parts);
  const disarm =
    settleSwitch === undefined || parts.halted()
      ? undefined
      : step("the dead man's switch", parts, deadline, lastLookBy, (signal) =>
          settleSwitch({ signal, keepArmed }),
        );
  const fees = parts.halted()
    ? undefined
    : step('the 30-day volume', parts, deadline, lastLookBy, (signal) => parts.refreshFees({ signal }));
  await Promise.all([lastLook, disarm, fees]);
}

// Placements still in flight are no longer waited for: one not sent yet never will be; one sent is cancelled by
// its cl_ord_id (cancel) or kept for the next session, which looks its record up (keep).
function giveUpWaiting(parts: WindDownParts, deadline: ShutdownDeadline): void {
  const { unsettled } = parts.executor;
  if (unsettled.uncertain === 0) return;
  for (const bot of parts.bots) {
    const ids = unsettled.of(bot);
    if (ids.length === 0) continue;
    const next =
      parts.run.onShutdown === 'cancel'
        ? 'cancelled by cl_ord_id'
        : 'kept: their records stay for the next session';
    warn(
      parts,
      `orders whose outcome is still unknown when the shutdown stops waiting (${deadline.boundMs} ms bound): cl_ord_id ${ids.join(', ')}; ${next}`,
      bot.name,
    );
  }
  unsettled.abort(shutdownAbort('waiting for order outcomes', deadline.boundMs));
}

async function cancelEverything(parts: WindDownParts, deadline: ShutdownDeadline): Promise<void> {
  const by = deadline.at(SHUTDOWN_SHARES.cancels);
  for (const bot of parts.bots) {
    const client = parts.clients.get(bot.key);
    // A bot that lost its lease leaves its orders to the session that holds it now.
    if (client === undefined || bot.halted !== undefined || parts.halted()) continue;
    const kept = keptProtection(bot);
    if (kept.length > 0)
      warn(
        parts,
        `left on the exchange for the open position: ${kept.length} protective order(s) (${kept.map((order) => `${order.request.type} ${order.txid}`).join(', ')}); they close it if the price gets there`,
        bot.name,
      );
    const targets = targetsOf(bot, parts.executor, new Set(kept));
    if (targets.length === 0) continue;
    await cancelAtShutdown(targets, {
      client,
      bot,
      deadline,
      by,
      haltOn: parts.run.haltOn,
      halt: parts.halt,
      warn: (message) => warn(parts, message, bot.name),
    });
  }
}

// The bot's open orders (by txid; by cl_ord_id when the exchange gave none) and those it may have without
// knowing: placements in flight or of unknown outcome, by cl_ord_id.
function targetsOf(bot: BotRunner, executor: OrderExecutor, kept: ReadonlySet<TrackedOrder>): CancelTarget[] {
  const targets: CancelTarget[] = [];
  const seen = new Set<string>();
  for (const order of bot.openOrders()) {
    if (kept.has(order)) continue;
    if (order.clOrdId !== undefined) seen.add(order.clOrdId);
    if (order.txid !== undefined)
      targets.push({ txid: order.txid, ...(order.clOrdId === undefined ? {} : { clOrdId: order.clOrdId }) });
    else if (order.clOrdId !== undefined) targets.push({ clOrdId: order.clOrdId });
  }
  for (const clOrdId of executor.unsettled.of(bot)) if (!seen.has(clOrdId)) targets.push({ clOrdId });
  return targets;
}

// A clean stop leaves the stops of open positions in place: keeping a position protected while no process watches
// it is their whole point. Those of a flat pair go with the rest.
function keptProtection(bot: BotRunner): TrackedOrder[] {
  return bot.openOrders().filter((order) => {
    if (order.request.protects === undefined) return false;
    const pair = order.request.pair;
    return order.request.leverage !== undefined
      ? !bot.position(pair).isZero()
      : bot.view().inventory(pair).gt(0);
  });
}

function uncertainKeys(parts: WindDownParts): Map<string, string> {
  const keys = new Map<string, string>();
  for (const bot of parts.bots) {
    const count = parts.executor.unsettled.of(bot).length;
    if (count === 0) continue;
    keys.set(bot.key, `order(s) of unknown outcome may rest there (bot ${bot.name}: ${count})`);
  }
  return keys;
}

// A step with its calls aborted at `by`; running out of time is reported as such, any other failure as usual.
async function step(
  name: string,
  parts: WindDownParts,
  deadline: ShutdownDeadline,
  by: number,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const signal = deadline.signal(by, name);
  const attempt = work(signal).catch((error: unknown) => {
    if (!signal.aborted) parts.failed(error);
  });
  if (!(await deadline.within(attempt, by)) || signal.aborted)
    warn(parts, `${name}: abandoned, out of the shutdown's ${deadline.boundMs} ms (run.shutdownTimeout)`);
}

/**
 * Runs closing steps (leases, audit trail, store, exchange) one after the other while the deadline lasts. Each is
 * started even when the time is up (a lease release is one store call); one still running then goes on unwatched.
 */
export async function closeWithin(
  deadline: ShutdownDeadline,
  steps: ReadonlyArray<() => Promise<unknown> | undefined>,
): Promise<void> {
  const end = deadline.at(1);
  for (const close of steps) {
    const closing = Promise.resolve()
      .then(close)
      .catch(() => undefined);
    await deadline.within(closing, end);
  }
}

function warn(parts: WindDownParts, message: string, bot?: string): void {
  parts.events.emit({ type: 'warning', at: parts.now(), message, ...(bot === undefined ? {} : { bot }) });
}
