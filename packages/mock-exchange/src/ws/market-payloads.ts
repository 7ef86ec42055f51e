import type { ExchangeContext } from '../context.js';
import { type Decimal, ONE, ZERO } from '../core/decimal.js';
import { aggregateCandles } from '../endpoints/public/ticker.js';
import type { Candle, PublicTrade } from '../market/history.js';
import { displayName, type Pair } from '../market/pairs.js';
import { rfc3339Micro, wireNumber } from './json-text.js';

/** Public channel records (ticker, trade, ohlc, instrument) in Kraken's v2 shapes (docs/kraken/websocket-v2.md). */

/** OHLC intervals (minutes) a v2 `ohlc` subscription may ask for. */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;

const DAY_MS = 86_400_000;
/** Trades in a `trade` snapshot (Kraken sends the last 50). */
const TRADE_SNAPSHOT = 50;
/** Candles in an `ohlc` snapshot. UNCONFIRMED count; Kraken's REST OHLC returns up to 720. */
const OHLC_SNAPSHOT = 10;

/** The v2 name of an asset: its altname, XBT written BTC. */
export function assetSymbol(ctx: ExchangeContext, asset: string): string {
  const alt = ctx.catalog.findAsset(asset)?.altname ?? asset;
  return alt === 'XBT' ? 'BTC' : alt;
}

export function pairSymbol(ctx: ExchangeContext, pair: Pair): string {
  return displayName(pair, ctx.catalog);
}

/** Ticker of a pair: the touch, the last trade, and 24-hour statistics from the minute candles. */
export function tickerRecord(ctx: ExchangeContext, pair: Pair, now: number): Record<string, unknown> {
  const market = ctx.markets.of(pair);
  const since = Math.floor((now - DAY_MS) / 1000);
  const day = market.history.candles.filter((candle) => candle.time > since);
  const px = (value: Decimal) => wireNumber(value, pair.pairDecimals);
  const qty = (value: Decimal) => wireNumber(value, pair.lotDecimals);
  const volume = day.reduce((sum, c) => sum.plus(c.volume), ZERO);
  const notional = day.reduce((sum, c) => sum.plus(c.notional), ZERO);
  const open = day[0]?.open ?? market.last;
  const change = market.last.minus(open);
  return {
    symbol: pairSymbol(ctx, pair),
    bid: px(market.bid),
    bid_qty: qty(pair.ordermin.times(100)),
    ask: px(market.ask),
    ask_qty: qty(pair.ordermin.times(100)),
    last: px(market.last),
    volume: qty(volume),
    vwap: px(volume.isZero() ? market.last : notional.div(volume)),
    low: px(day.reduce((low, c) => (c.low.lessThan(low) ? c.low : low), market.last)),
    high: px(day.reduce((high, c) => (c.high.greaterThan(high) ? c.high : high), market.last)),
    change: px(change),
    change_pct: wireNumber(open.isZero() ? ZERO : change.div(open).times(100), 2),
    timestamp: rfc3339Micro(now),
  };
}

export function tradeRecord(ctx: ExchangeContext, pair: Pair, trade: PublicTrade): Record<string, unknown> {
  return {
    symbol: pairSymbol(ctx, pair),
    side: trade.side === 'b' ? 'buy' : 'sell',
    price: wireNumber(trade.price, pair.pairDecimals),
    qty: wireNumber(trade.volume, pair.lotDecimals),
    ord_type: trade.type === 'm' ? 'market' : 'limit',
    trade_id: trade.id,
    timestamp: rfc3339Micro(trade.time),
  };
}

/** The last trades of a pair, oldest first. */
export function recentTrades(ctx: ExchangeContext, pair: Pair): Record<string, unknown>[] {
  return ctx.markets
    .of(pair)
    .history.trades.slice(-TRADE_SNAPSHOT)
    .map((trade) => tradeRecord(ctx, pair, trade));
}

function candleRecord(ctx: ExchangeContext, pair: Pair, candle: Candle, interval: number, now: number) {
  const px = (value: Decimal) => wireNumber(value, pair.pairDecimals);
  return {
    symbol: pairSymbol(ctx, pair),
    open: px(candle.open),
    high: px(candle.high),
    low: px(candle.low),
    close: px(candle.close),
    vwap: px(candle.volume.isZero() ? candle.close : candle.notional.div(candle.volume)),
    trades: candle.count,
    volume: wireNumber(candle.volume, pair.lotDecimals),
    interval_begin: rfc3339Micro(candle.time * 1000),
    interval,
    timestamp: rfc3339Micro(now),
  };
}

/** Candles of `interval` minutes: the recent ones (snapshot) or only the current one (update). */
export function candleRecords(
  ctx: ExchangeContext,
  pair: Pair,
  interval: number,
  now: number,
  latestOnly: boolean,
): Record<string, unknown>[] {
  const history = ctx.markets.of(pair).history.candles;
  // Enough minutes to build the candles wanted, without merging a week of history on every trade.
  const minutes = interval * (latestOnly ? 1 : OHLC_SNAPSHOT) + interval;
  const candles = aggregateCandles(history.slice(-minutes), interval).slice(latestOnly ? -1 : -OHLC_SNAPSHOT);
  return candles.map((candle) => candleRecord(ctx, pair, candle, interval, now));
}

/** The `instrument` snapshot: every asset and pair with the precisions v2 book checksums need. */
export function instrumentData(ctx: ExchangeContext): Record<string, unknown> {
  const assets = ctx.catalog.assets.map((asset) => ({
    id: assetSymbol(ctx, asset.id),
    status: 'enabled',
    precision: asset.decimals,
    precision_display: asset.displayDecimals,
    borrowable: ctx.allowances.entry(asset.id, 'pro') !== undefined,
    collateral_value: wireNumber(asset.collateralValue, 2),
  }));
  const pairs = ctx.catalog.pairs.map((pair) => {
    const leverage = [...pair.leverageBuy, ...pair.leverageSell];
    const maxLeverage = leverage.length === 0 ? 0 : Math.max(...leverage);
    return {
      symbol: pairSymbol(ctx, pair),
      base: assetSymbol(ctx, pair.base),
      quote: assetSymbol(ctx, pair.quote),
      status: pair.status,
      qty_precision: pair.lotDecimals,
      qty_increment: wireNumber(ONE.div(10 ** pair.lotDecimals), pair.lotDecimals),
      qty_min: wireNumber(pair.ordermin, pair.lotDecimals),
      price_precision: pair.pairDecimals,
      price_increment: wireNumber(pair.tickSize, pair.pairDecimals),
      cost_precision: pair.costDecimals,
      cost_min: wireNumber(pair.costmin, pair.costDecimals),
      marginable: maxLeverage > 1,
      ...(maxLeverage > 1 ? { margin_initial: wireNumber(ONE.div(maxLeverage), 4) } : {}),
      has_index: true,
    };
  });
  return { assets, pairs };
}
