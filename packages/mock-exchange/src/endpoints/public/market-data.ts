import type { ExchangeContext } from '../../context.js';
import type { Decimal } from '../../core/decimal.js';
import { invalidArgument } from '../../core/rejection.js';
import { bookSnapshot } from '../../market/book.js';
import type { Candle } from '../../market/history.js';
import type { Pair } from '../../market/pairs.js';
import type { Params } from '../params.js';
import { type PublicEndpoint, publicEndpoint } from '../types.js';
import { aggregateCandles, tickerView } from './ticker.js';
import { tradesSinceNs } from './trades-since.js';

const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

/** Ticker, Depth, OHLC, Trades, Spread. */
export const marketDataEndpoints: readonly PublicEndpoint[] = [
  publicEndpoint('Ticker', ({ ctx, params, now }) => {
    const pairs = pairsOf(ctx, params, false);
    return Object.fromEntries(pairs.map((pair) => [pair.id, tickerView(ctx, pair, now)]));
  }),

  publicEndpoint('Depth', ({ ctx, params, now }) => {
    const pair = ctx.catalog.pair(params.text('pair'));
    const count = params.optInt('count', { min: 1, max: 500 }) ?? 100;
    const book = bookSnapshot(ctx, pair, count, now);
    const level = (l: { price: Decimal; volume: Decimal }) => [
      l.price.toFixed(pair.pairDecimals),
      l.volume.toFixed(pair.lotDecimals),
      Math.floor(now / 1000),
    ];
    return { [pair.id]: { asks: book.asks.map(level), bids: book.bids.map(level) } };
  }),

  publicEndpoint('OHLC', ({ ctx, params }) => {
    const pair = ctx.catalog.pair(params.text('pair'));
    const interval = params.optInt('interval') ?? 1;
    if (!OHLC_INTERVALS.includes(interval)) throw invalidArgument('interval');
    const since = params.optInt('since') ?? 0;
    const candles = aggregateCandles(ctx.markets.of(pair).history.candles, interval).slice(-720);
    const rows = candles.filter((c) => c.time > since).map((c) => ohlcRow(pair, c));
    return { [pair.id]: rows, last: candles[candles.length - 1]?.time ?? 0 };
  }),

  publicEndpoint('Trades', ({ ctx, params }) => {
    const pair = ctx.catalog.pair(params.text('pair'));
    const sinceNs = tradesSinceNs(params.optText('since'));
    const count = params.optInt('count', { min: 1, max: 1000 }) ?? 1000;
    const trades = ctx.markets
      .of(pair)
      .history.trades.filter((t) => BigInt(t.time) * 1_000_000n > sinceNs)
      .slice(0, count);
    const rows = trades.map((t) => [
      t.price.toFixed(pair.pairDecimals),
      t.volume.toFixed(pair.lotDecimals),
      t.time / 1000,
      t.side,
      t.type,
      '',
      t.id,
    ]);
    const last = trades[trades.length - 1];
    return { [pair.id]: rows, last: String(last === undefined ? sinceNs : BigInt(last.time) * 1_000_000n) };
  }),

  publicEndpoint('Spread', ({ ctx, params }) => {
    const pair = ctx.catalog.pair(params.text('pair'));
    const since = params.optInt('since') ?? 0;
    const points = ctx.markets.of(pair).history.spreads.filter((s) => s.time > since);
    const rows = points.map((s) => [
      s.time,
      s.bid.toFixed(pair.pairDecimals),
      s.ask.toFixed(pair.pairDecimals),
    ]);
    return { [pair.id]: rows, last: points[points.length - 1]?.time ?? since };
  }),
];

function pairsOf(ctx: ExchangeContext, params: Params, required: boolean): readonly Pair[] {
  const names = params.list('pair');
  if (names.length === 0) {
    if (required) throw invalidArgument('pair');
    return ctx.catalog.pairs;
  }
  return names.map((name) => ctx.catalog.pair(name));
}

function ohlcRow(pair: Pair, c: Candle): unknown[] {
  const vwap = c.volume.isZero() ? c.close : c.notional.div(c.volume);
  const px = (v: Decimal) => v.toFixed(pair.pairDecimals);
  return [c.time, px(c.open), px(c.high), px(c.low), px(c.close), px(vwap), c.volume.toFixed(8), c.count];
}
