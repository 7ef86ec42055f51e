import { CANCEL_BATCH_MAX, KrakenError } from '@krakenkit/client';
import type { BotRunner } from './bot-runner.js';
import { callMayBeRepeated } from './call-again.js';
import type { BotClient } from './connect.js';
import { describeError, haltingCode } from './halting.js';
import type { ShutdownDeadline } from './shutdown-deadline.js';

/** An order a stopping bot may have on the exchange: by txid when it is known, else by its client order id. */
export interface CancelTarget {
  txid?: string;
  clOrdId?: string;
}

/** What the shutdown cancels need from the session. */
export interface ShutdownCancelContext {
  client: BotClient;
  bot: BotRunner;
  deadline: ShutdownDeadline;
  /** Cancels not done by then (epoch ms) are given up, and reported. */
  by: number;
  haltOn: readonly string[];
  halt(code: string, message: string): void;
  warn(message: string): void;
}

/** First pause before a cancel is sent again (ms); each next one doubles, up to CANCEL_PAUSE_MAX_MS. */
const CANCEL_PAUSE_MS = 100;
const CANCEL_PAUSE_MAX_MS = 1_000;

/**
 * Cancels what a stopping bot may have on the exchange with as few calls as Kraken allows (CancelOrderBatch takes
 * up to 50 txids and cl_ord_ids together; cancels cost no REST budget). A cancel whose answer was lost, or that met
 * a busy exchange, is sent again until `by`: cancelling twice is harmless. A batch the exchange refuses whole (an
 * order already gone) is cancelled one by one, and `EOrder:Unknown order` then means the order is not open (it
 * ended, or an order of unknown outcome was never placed). Returns the targets that may still rest, each reported
 * with its txid and cl_ord_id.
 */
export async function cancelAtShutdown(
  targets: readonly CancelTarget[],
  context: ShutdownCancelContext,
): Promise<CancelTarget[]> {
  const left: CancelTarget[] = [];
  const batchable = context.client.cancelOrderBatch !== undefined && targets.length > 1;
  for (let start = 0; start < targets.length; start += CANCEL_BATCH_MAX) {
    const batch = targets.slice(start, start + CANCEL_BATCH_MAX);
    const outcome = batchable && batch.length > 1 ? await cancelBatch(batch, context) : 'one-by-one';
    if (outcome === 'done') continue;
    if (outcome === 'one-by-one') {
      for (const target of batch) if (!(await cancelOne(target, context))) left.push(target);
      continue;
    }
    for (const target of batch) report(target, outcome, context);
    left.push(...batch);
  }
  return left;
}

type BatchOutcome = 'done' | 'one-by-one' | { code: string };

async function cancelBatch(
  batch: readonly CancelTarget[],
  context: ShutdownCancelContext,
): Promise<BatchOutcome> {
  const orders = batch.flatMap((target) => (target.txid === undefined ? [] : [target.txid]));
  const clOrdIds = batch.flatMap((target) =>
    target.txid === undefined && target.clOrdId !== undefined ? [target.clOrdId] : [],
  );
  const params = {
    ...(orders.length === 0 ? {} : { orders }),
    ...(clOrdIds.length === 0 ? {} : { cl_ord_ids: clOrdIds }),
  };
  const send = context.client.cancelOrderBatch?.bind(context.client);
  if (send === undefined) return 'one-by-one';
  for (let attempt = 0; ; attempt += 1) {
    try {
      await send(params, callOptions(context, `CancelOrderBatch of ${batch.length}`));
      return 'done';
    } catch (error) {
      const failure = classify(error, context);
      if (failure === 'halted' || failure === 'late') return describeError(error);
      if (failure === 'refused') {
        context.warn(
          `cancel of ${batch.length} orders in one batch refused (${describeError(error).code}); cancelling one by one`,
        );
        return 'one-by-one';
      }
      if (!(await context.deadline.pause(pauseMs(attempt), context.by))) return describeError(error);
    }
  }
}

// True when the order is cancelled or not open (any more, or ever); false when it may still rest (reported).
async function cancelOne(target: CancelTarget, context: ShutdownCancelContext): Promise<boolean> {
  const params = target.txid !== undefined ? { txid: target.txid } : { cl_ord_id: target.clOrdId as string };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await context.client.cancelOrder(params, callOptions(context, `CancelOrder ${idOf(target)}`));
      return true;
    } catch (error) {
      if (error instanceof KrakenError && error.is('EOrder:Unknown order')) return true;
      const failure = classify(error, context);
      if (failure !== 'again' || !(await context.deadline.pause(pauseMs(attempt), context.by))) {
        report(target, describeError(error), context);
        return false;
      }
    }
  }
}

function classify(error: unknown, context: ShutdownCancelContext): 'halted' | 'late' | 'refused' | 'again' {
  const halting = haltingCode(error, context.haltOn);
  if (halting !== undefined) {
    context.halt(halting, describeError(error).message);
    return 'halted';
  }
  // Aborted at the deadline: not refused, out of time.
  if (context.deadline.passed(context.by)) return 'late';
  return callMayBeRepeated(error) ? 'again' : 'refused';
}

function callOptions(context: ShutdownCancelContext, step: string) {
  return {
    signal: context.deadline.signal(context.by, step),
    timeoutMs: Math.max(1, context.deadline.left(context.by)),
  };
}

function report(target: CancelTarget, { code }: { code: string }, context: ShutdownCancelContext): void {
  context.warn(
    `cancel of order ${idOf(target)} failed at shutdown (${code}): it may still rest on the exchange; its record stays in the state store for the next session (or --cancel-orphans), and the dead man's switch stays armed`,
  );
}

function idOf(target: CancelTarget): string {
  const parts = [
    ...(target.txid === undefined ? [] : [`txid ${target.txid}`]),
    ...(target.clOrdId === undefined ? [] : [`cl_ord_id ${target.clOrdId}`]),
  ];
  return parts.join(' / ');
}

function pauseMs(attempt: number): number {
  return Math.min(CANCEL_PAUSE_MAX_MS, CANCEL_PAUSE_MS * 2 ** attempt);
}
