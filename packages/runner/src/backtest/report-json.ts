import type { Decimal } from '@krakenkit/core';
import type { BacktestResult, BookResult } from './result.js';

/** The `format` field of a backtest's JSON report. */
export const BACKTEST_REPORT_FORMAT = 'krakenkit-backtest';
/** The report version this runner writes. */
export const BACKTEST_REPORT_VERSION = 1;

const text = (value: Decimal) => value.toFixed();
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The backtest's result as JSON-ready data: money as decimal text (never a float), summary times as ISO 8601 and
 * series times (trades, curve, bars) as epoch milliseconds.
 */
export function backtestReport(result: BacktestResult): Record<string, unknown> {
  return {
    format: BACKTEST_REPORT_FORMAT,
    version: BACKTEST_REPORT_VERSION,
    name: result.name,
    from: iso(result.from),
    to: iso(result.to),
    data: result.data,
    totals: {
      currency: 'USD',
      realised: text(result.totals.realised),
      unrealised: text(result.totals.unrealised),
      fees: text(result.totals.fees),
      marginCosts: text(result.totals.marginCosts),
      net: text(result.totals.net),
      trades: result.totals.trades,
      volume: text(result.totals.volume),
    },
    marginCosts: Object.fromEntries(
      Object.entries(result.marginCosts).map(([asset, cost]) => [asset, text(cost)]),
    ),
    startEquity: text(result.startEquity),
    maxDrawdown: {
      amount: text(result.maxDrawdown.amount),
      percentOfEquity: result.maxDrawdown.percentOfEquity.toFixed(4),
      peakAt: iso(result.maxDrawdown.peakAt),
      troughAt: iso(result.maxDrawdown.troughAt),
    },
    exposure: {
      timeInMarket: result.exposure.timeInMarket,
      maxNotional: text(result.exposure.maxNotional),
      maxAt: iso(result.exposure.maxAt),
    },
    placed: result.placed,
    refusals: result.refusals,
    bots: result.bots.map((bot) => ({
      name: bot.name,
      strategy: bot.strategy,
      pairs: bot.pairs,
      counters: bot.counters,
      realised: text(bot.realised),
      unrealised: text(bot.unrealised),
      fees: text(bot.fees),
      books: bot.books.map(bookJson),
      errors: bot.errors,
      errorCount: bot.errorCount,
    })),
    halted: result.halted ?? null,
    warnings: result.warnings,
    moreWarnings: result.moreWarnings,
    trades: result.trades.map((trade) => ({
      at: trade.at,
      bot: trade.bot,
      pair: trade.pair,
      side: trade.side,
      volume: text(trade.volume),
      price: text(trade.price),
      fee: text(trade.fee),
      margin: trade.margin,
      tag: trade.tag,
    })),
    curve: result.curve.map((point) => ({ at: point.at, pnl: text(point.pnl) })),
    charts: result.charts.map((chart) => ({
      pair: chart.pair,
      id: chart.id,
      barMs: chart.barMs,
      bars: chart.bars,
      markers: chart.markers.map((marker) => ({ ...marker, volume: text(marker.volume) })),
    })),
    run: result.run,
  };
}

function bookJson(book: BookResult): Record<string, unknown> {
  return {
    pair: book.pair,
    quote: book.quote,
    margin: book.margin,
    position: text(book.position),
    averagePrice: text(book.averagePrice),
    mark: book.mark === undefined ? null : text(book.mark),
    realised: text(book.realised),
    unrealised: text(book.unrealised),
    fees: text(book.fees),
    volume: text(book.volume),
    fills: book.fills,
  };
}
