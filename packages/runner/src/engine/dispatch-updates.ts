import type { BotRecords } from '../state/bot-records.js';
import type { OrderExecutor } from './executor.js';
import type { FeeVolume } from './fee-volume.js';
import type { OrderUpdate, WatchedOrder } from './order-tracker.js';
import type { ProtectionDesk } from './protection.js';
import type { SessionEvents } from './session-events.js';

/** What handing order updates to the bots needs. */
export interface DispatchParts {
  events: SessionEvents;
  fees: FeeVolume;
  records: BotRecords;
  executor: OrderExecutor;
  /** Keeps the bots' exchange-resident protection in step with their fills; absent: no bot uses any. */
  protection?: ProtectionDesk;
}

/**
 * Hands fills and ends to their bots (and the events, the fee-tier volume and the state store), then carries out
 * what each strategy answers, unless `react` is false (at shutdown). A bot that lost its lease hears nothing.
 */
export async function dispatchUpdates(
  updates: readonly OrderUpdate[],
  parts: DispatchParts,
  react = true,
): Promise<void> {
  for (const update of updates) {
    const { bot } = update.order;
    if (bot.halted !== undefined) continue;
    if (update.kind === 'ended') {
      parts.events.emit({ type: 'order-ended', at: update.ended.at, bot: bot.name, ended: update.ended });
      const actions = bot.ended(update.ended, update.order.clOrdId);
      await settle(parts.records, update.order, true);
      if (react) await parts.executor.run(bot, actions);
      continue;
    }
    const { order } = update;
    const fill = {
      tag: order.tag,
      pair: order.pair,
      side: order.side,
      volume: update.volume,
      price: update.price,
      fee: update.fee,
      complete: update.complete,
      margin: order.margin,
      at: update.at,
    };
    parts.fees.record(order.pair.quote, update.volume, update.price);
    parts.events.emit({ type: 'fill', at: update.at, bot: bot.name, fill });
    if (order.clOrdId !== undefined)
      parts.records.progressed(bot, order.clOrdId, {
        volExec: order.volExec.toFixed(),
        cost: order.cost.toFixed(),
        fee: order.fee.toFixed(),
      });
    // Read before the fill: a complete fill takes the order off the bot's list.
    const request = bot.order(order.tag)?.request;
    const actions = bot.filled(fill, order.clOrdId);
    await settle(parts.records, order, update.complete);
    if (react) await parts.executor.run(bot, actions);
    await parts.protection?.filled(
      { bot, order, request, volume: update.volume, price: update.price, complete: update.complete },
      react,
    );
  }
}

// The bot's state (with the fill's progress) is saved before an ended order's record goes: a crash in between
// then finds the record with its progress, and counts no fill twice.
async function settle(records: BotRecords, order: WatchedOrder, ended: boolean): Promise<void> {
  await records.save(order.bot);
  if (ended && order.clOrdId !== undefined) await records.ended(order.bot, order.clOrdId);
}
