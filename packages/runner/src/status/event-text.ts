import type { Violation } from '@krakenkit/guard';
import { formatDuration } from '../config/duration.js';
import type { SessionEvent } from '../engine/session-events.js';
import { describeMarketData } from '../market/market-status.js';
import { tickOf } from '../strategies/rounding.js';
import type { OrderRequest } from '../strategies/types.js';

/** `buy 0.01 XBT/USD limit @ 64950.0 2x reduce-only`. */
export function describeOrder(order: OrderRequest, pairName = order.pair): string {
  const price = order.price === undefined ? '' : ` @ ${order.price.toFixed()}`;
  const leverage = order.leverage === undefined ? '' : ` ${order.leverage}x`;
  const flags = `${order.reduceOnly ? ' reduce-only' : ''}${order.postOnly ? ' post-only' : ''}`;
  return `${order.side} ${order.volume.toFixed()} ${pairName} ${order.type}${price}${leverage}${flags}`;
}

/** `EOrder:Margin allowance exceeded (USD pool 19500 + 9750 > 25000)`; several joined by "; ". */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((violation) => `${violation.code} (${violation.message})`).join('; ');
}

function positionsText(positions: ReadonlyArray<{ pair: string; volume: string }>): string {
  const held = positions.filter((position) => !/^-?0(\.0*)?$/.test(position.volume));
  if (held.length === 0) return 'flat';
  return held
    .map((position) => `${position.volume.startsWith('-') ? '' : '+'}${position.volume} ${position.pair}`)
    .join(', ');
}

/** One line of text for a session event (plain log view, pino messages). */
export function describeEvent(event: SessionEvent): string {
  switch (event.type) {
    case 'started':
      return `started ${event.bots.length} bot(s) on ${event.exchange === 'mock' ? 'the embedded mock exchange' : 'Kraken'} at ${event.baseUrl}${event.store === undefined ? '' : `; state in ${event.store}`}`;
    case 'adopted':
      return `${event.bot}: adopted ${event.orders} resting order(s) from its last session; ${event.endedWhileDown} ended while it was down; position ${positionsText(event.positions)}`;
    case 'orphans': {
      const list = event.orders
        .map(
          (order) =>
            `${order.txid} (${order.side} ${order.volume} ${order.pair}${order.recordedBy === undefined ? '' : `, bot ${order.recordedBy}`})`,
        )
        .join(', ');
      const fate =
        event.cancelled > 0
          ? `cancelled ${event.cancelled}`
          : 'left resting (--cancel-orphans or run.cancelOrphans cancels them)';
      return `ORPHANS on key ${event.key}: ${event.orders.length} open order(s) no live session owns: ${list}; ${fate}`;
    }
    case 'bot-halted':
      return `${event.bot}: HALTED on ${event.code}: ${event.message}`;
    case 'bot-paused':
      return `${event.bot}: PAUSED by ${event.by}: ${event.reason} (no new orders; resting ones stay)`;
    case 'bot-resumed':
      return `${event.bot}: resumed by ${event.by} after ${formatDuration(event.pausedMs)}`;
    case 'placed':
      return `${event.bot}: placed ${describeOrder(event.order, event.pair)}${event.txid === undefined ? '' : ` → ${event.txid}`}`;
    case 'validated':
      return `${event.bot}: validated by the exchange, not placed (dry run) ${describeOrder(event.order, event.pair)}`;
    case 'guard-rejected':
      return `${event.bot}: GUARD REJECTED ${describeOrder(event.order, event.pair)}: ${describeViolations(event.violations)}`;
    case 'exchange-rejected':
      return `${event.bot}: exchange rejected ${describeOrder(event.order, event.pair)}: ${event.code}`;
    case 'order-failed':
      return `${event.bot}: order failed ${describeOrder(event.order, event.pair)}: ${event.code} ${event.message}`;
    case 'fill': {
      const { fill } = event;
      return `${event.bot}: filled ${fill.side} ${fill.volume.toFixed()} ${fill.pair.wsname} @ ${fill.price.toFixed(tickOf(fill.pair).decimalPlaces())}${fill.complete ? '' : ' (partial)'}`;
    }
    case 'order-ended':
      return `${event.bot}: order ${event.ended.tag} ${event.ended.reason}${event.ended.message === undefined ? '' : ` (${event.ended.message})`}`;
    case 'dead-man-switch':
      if (!event.armed) return "dead man's switch disarmed";
      if (event.leftArmed !== undefined)
        return `dead man's switch left armed (${event.timeoutSeconds}s): ${event.leftArmed}`;
      return event.refreshed
        ? `dead man's switch refreshed: orders cancel in ${event.timeoutSeconds}s unless refreshed again`
        : `dead man's switch armed: all orders cancel ${event.timeoutSeconds}s after the last refresh`;
    case 'reconciled':
      return `reconciled with the exchange: ${event.positions} position(s), ${event.orders} open order(s)`;
    case 'store':
      return event.available ? event.message : `STATE STORE UNAVAILABLE: ${event.message}`;
    case 'market-data':
      return describeMarketData(event.status);
    case 'warning':
      return `${event.bot === undefined ? '' : `${event.bot}: `}warning: ${event.message}`;
    case 'halted':
      return `HALTED on ${event.code}: ${event.message}`;
    case 'stopping':
      return `stopping (${event.reason})`;
  }
}
