import { Decimal } from '@krakenkit/core';
import { closingOrder, standInLeg } from '../strategies/protection.js';
import type { OrderEnded, OrderRequest } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { BotClient } from './connect.js';
import { describeError } from './halting.js';
import type { SessionEvents } from './session-events.js';
import type { StopCheck } from './stop-checks.js';
import { UnprotectedPositionError } from './unprotected-position.js';

/** What standing in for a missing stop needs from the protection desk. */
export interface FallbackParts {
  client(bot: BotRunner): BotClient | undefined;
  /** Places an order of the runner's own for the bot (see OrderExecutor.placeProtective). */
  place(bot: BotRunner, order: OrderRequest): Promise<OrderEnded | undefined>;
  /** Cancels the protective orders still resting for the entry. */
  cancelLegs(bot: BotRunner, entryTag: string): Promise<void>;
  /** The number the next leg of this kind of the entry takes in its tag. */
  nextLeg(bot: BotRunner, entryTag: string, leg: 'sl' | 'tp'): number;
  events: SessionEvents;
  now(): number;
}

/**
 * An entry filled and the exchange showed no conditional close for it within the bound: what is left of its
 * position (OpenPositions for a margin entry; for spot, the fills less what a close of the entry executed, from
 * ClosedOrders) gets a standalone order instead (see standInLeg: reduce-only on margin). If the exchange refuses
 * that too, the position is unprotected: the entry's other protective orders are cancelled, the position is closed
 * at market (reduce-only on margin), and the bot stops opening anything (a `bot-halted` event with an
 * UnprotectedPositionError's code and message, whether or not the close was accepted).
 */
export async function standIn(parts: FallbackParts, check: StopCheck): Promise<void> {
  const { bot, entry, request } = check;
  const left = await remainingOf(parts, check);
  const what = `entry ${request.tag} (${entry.txid})`;
  if (left.lte(0)) {
    warn(
      parts,
      bot,
      `${what} filled and showed no stop on the exchange, but its position is closed already: nothing to protect`,
    );
    return;
  }
  const price = check.cost.div(check.volume);
  const leg = check.leg === 'tp' ? 'tp' : 'sl';
  const order = standInLeg(
    request,
    { volume: left, price },
    entry.pair,
    parts.nextLeg(bot, request.tag, leg),
  );
  if (order === undefined) {
    const message = 'no order can stand in (zero volume or price)';
    await giveUp(parts, check, left, refusalText({ code: 'KRAKENKIT_NOT_SENT', message }));
    return;
  }
  const refused = await parts.place(bot, order);
  if (refused === undefined) {
    const price = order.price?.toFixed() ?? '';
    warn(
      parts,
      bot,
      `${what} filled and the exchange created no conditional close for it in time: placed a standalone ${order.type} at ${price} for ${order.volume.toFixed()} ${entry.pair.wsname} instead (${order.tag}${order.reduceOnly ? ', reduce-only' : ''})`,
    );
    return;
  }
  await giveUp(parts, check, left, refusalText(refused));
}

async function giveUp(parts: FallbackParts, check: StopCheck, left: Decimal, refusal: string): Promise<void> {
  const { bot, entry, request } = check;
  await parts.cancelLegs(bot, request.tag);
  const close = closingOrder(request, left, entry.pair);
  const closeRefused =
    close === undefined
      ? { code: 'KRAKENKIT_NOT_SENT', message: 'the volume left is below the pair’s lot' }
      : await parts.place(bot, close);
  const error = new UnprotectedPositionError({
    bot: bot.name,
    entry: request.tag,
    txid: entry.txid,
    pair: entry.pair.wsname,
    volume: left.toFixed(),
    refusal,
    close:
      closeRefused === undefined ? { placed: true } : { placed: false, refusal: refusalText(closeRefused) },
  });
  bot.stopOpening(error.code, error.message);
  parts.events.emit({
    type: 'bot-halted',
    at: parts.now(),
    bot: bot.name,
    code: error.code,
    message: error.message,
  });
}

// What is left of the entry's position. A look-up that fails counts the fills seen: protecting a position that
// has meanwhile closed is refused harmlessly (reduce-only), leaving one open unprotected is not.
async function remainingOf(parts: FallbackParts, check: StopCheck): Promise<Decimal> {
  const { bot, entry } = check;
  const client = parts.client(bot);
  if (client === undefined) return check.volume;
  try {
    if (entry.margin) {
      let open = new Decimal(0);
      for (const position of Object.values(await client.openPositions()))
        if (position.ordertxid === entry.txid)
          open = open.plus(new Decimal(position.vol).minus(position.vol_closed));
      return open;
    }
    let closed = new Decimal(0);
    for (const order of Object.values((await client.closedOrders()).closed))
      if (order.refid === entry.txid) closed = closed.plus(order.vol_exec);
    return check.volume.minus(closed);
  } catch (error) {
    warn(
      parts,
      bot,
      `could not look up the position of entry ${check.request.tag}: ${describeError(error).code}`,
    );
    return check.volume;
  }
}

/** `EGuard:Price outside band: …`: the refusal's message when it names its code, else the code and the message. */
export function refusalText(refused: { code?: string; message?: string; reason?: string }): string {
  const code = refused.code ?? refused.reason ?? 'refused';
  const message = refused.message;
  if (message === undefined || message === '') return code;
  return message.includes(code) ? message : `${code}: ${message}`;
}

function warn(parts: FallbackParts, bot: BotRunner, message: string): void {
  parts.events.emit({ type: 'warning', at: parts.now(), bot: bot.name, message });
}
