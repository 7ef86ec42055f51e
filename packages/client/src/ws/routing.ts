import type { OhlcMessage, TickerMessage, TradeMessage } from './messages.js';

type SymbolMessage = TickerMessage | TradeMessage | OhlcMessage;

/**
 * Splits a ticker/trade/ohlc message into one event per symbol (and per interval for ohlc), keyed like the wire
 * subscriptions (`ticker|BTC/USD`, `ohlc|BTC/USD|5`). A message about a single symbol, the usual case, reuses
 * its data array instead of copying it.
 */
export function deliverBySymbol(
  message: SymbolMessage,
  deliver: (key: string, event: unknown) => void,
): void {
  const items = message.data as ReadonlyArray<{ symbol: string; interval?: number }>;
  const first = items[0];
  if (first === undefined) return;
  const keyOf = (item: { symbol: string; interval?: number }): string =>
    item.interval === undefined || message.channel !== 'ohlc'
      ? `${message.channel}|${item.symbol}`
      : `${message.channel}|${item.symbol}|${item.interval}`;
  const firstKey = keyOf(first);
  if (items.every((item) => keyOf(item) === firstKey)) {
    deliver(firstKey, {
      channel: message.channel,
      type: message.type,
      symbol: first.symbol,
      data: message.data,
    });
    return;
  }
  const groups = new Map<string, { symbol: string; data: unknown[] }>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { symbol: item.symbol, data: [item] });
    else group.data.push(item);
  }
  for (const [key, group] of groups) {
    deliver(key, { channel: message.channel, type: message.type, symbol: group.symbol, data: group.data });
  }
}
