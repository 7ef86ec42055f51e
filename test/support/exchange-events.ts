import type { Guard } from '@krakenkit/guard';
import type { OrderEvent } from '@krakenkit/mock-exchange';

/**
 * Feeds one exchange order event to the guard, the way a bot feeds it executions: a trade is a fill at the trade's
 * own volume and price; a cancel or expiry (including the rest of a reduce-only order Kraken closes) releases what
 * the order still held. `new` and `filled` carry nothing the guard does not already know.
 */
export function applyExchangeEvent(guard: Guard, event: OrderEvent): void {
  const txid = event.order.txid;
  switch (event.kind) {
    case 'trade':
      if (event.trade !== undefined) {
        guard.apply({
          type: 'order-filled',
          order: txid,
          volume: event.trade.vol.toFixed(),
          price: event.trade.price.toFixed(),
        });
      }
      return;
    case 'canceled':
    case 'expired':
      guard.apply({ type: 'order-cancelled', order: txid });
      return;
    default:
      return;
  }
}
