import { Decimal } from '@krakenkit/core';
import type { BotCounters, BotRunner } from '../engine/bot-runner.js';
import type { BacktestCollector, BacktestTrade } from './collector.js';
import { type PositionBook, unrealisedAt } from './ledger.js';
import type { PairMarket } from './pair-market.js';
import type { CurvePoint, PnlCurve } from './pnl-curve.js';
import type { PriceBar } from './price-bars.js';
import type { Marks, Valuation } from './valuation.js';

const ZERO = new Decimal(0);

/** One bot's trading on one pair (spot or margin) at the end of a backtest; money in the pair's quote currency. */
export interface BookResult {
  /** Display name (XBT/USD). */
  pair: string;
  quote: string;
  margin: boolean;
  /** Base held at the end: > 0 long, < 0 short. */
  position: Decimal;
  averagePrice: Decimal;
  /** The last price of the pair, the position is valued at. */
  mark: Decimal | undefined;
  realised: Decimal;
  unrealised: Decimal;
  fees: Decimal;
  volume: Decimal;
  fills: number;
}

/** One bot at the end of a backtest. */
export interface BotResult {
  name: string;
  strategy: string;
  pairs: string[];
  counters: BotCounters;
  books: BookResult[];
  /** Sums over its books in USD (books whose quote has no known USD price are left out). */
  realised: Decimal;
  unrealised: Decimal;
  fees: Decimal;
  /** The latest messages of the exceptions its strategy threw (the action was skipped, the bot went on). */
  errors: string[];
  /** Every strategy exception of the run (`errors` keeps the latest messages only). */
  errorCount: number;
}

/** A price chart of one pair for the report: bars and the fills on them (one marker per bar and side). */
export interface PairChart {
  pair: string;
  id: string;
  barMs: number;
  bars: PriceBar[];
  markers: Array<{ time: number; side: 'buy' | 'sell'; fills: number; volume: Decimal }>;
}

/** What a backtest found. Money is Decimal: per book in its quote currency, totals in USD. */
export interface BacktestResult {
  name: string;
  /** Market time replayed: the first and last event (epoch ms). */
  from: number;
  to: number;
  data: Array<{ file: string; pair: string; interval: string | undefined; rows: number }>;
  bots: BotResult[];
  totals: {
    realised: Decimal;
    unrealised: Decimal;
    /** Trading fees on fills. */
    fees: Decimal;
    /** Margin opening and rollover fees the exchange charged, in USD. */
    marginCosts: Decimal;
    /** realised + unrealised − fees − marginCosts. */
    net: Decimal;
    trades: number;
    /** USD notional traded. */
    volume: Decimal;
  };
  /** Margin costs by asset, as the exchange charged them. */
  marginCosts: Record<string, Decimal>;
  /** The account's value at the start (USD): its balances at the first prices. */
  startEquity: Decimal;
  maxDrawdown: {
    amount: Decimal;
    percentOfEquity: Decimal;
    peakAt: number | undefined;
    troughAt: number | undefined;
  };
  exposure: { timeInMarket: number; maxNotional: Decimal; maxAt: number | undefined };
  refusals: {
    guard: Record<string, number>;
    exchange: Record<string, number>;
    failed: Record<string, number>;
  };
  placed: number;
  trades: BacktestTrade[];
  curve: CurvePoint[];
  charts: PairChart[];
  halted: { code: string; message: string } | undefined;
  warnings: string[];
  /** Warnings beyond those kept. */
  moreWarnings: number;
  run: { pricePoints: number; candles: number; wallMs: number };
}

/** The parts a result is assembled from at the end of a replay. */
export interface ResultParts {
  name: string;
  span: { from: number; to: number };
  data: BacktestResult['data'];
  bots: readonly BotRunner[];
  markets: readonly PairMarket[];
  collector: BacktestCollector;
  curve: PnlCurve;
  valuation: Valuation;
  marks: Marks;
  startEquity: Decimal;
  halted: BacktestResult['halted'];
  run: BacktestResult['run'];
}

/** The result of a finished replay: books valued at the last prices, totals in USD, charts and refusals. */
export function buildResult(parts: ResultParts): BacktestResult {
  const { collector, curve, valuation } = parts;
  const markets = new Map(parts.markets.map((market) => [market.pair.id, market]));
  const bots = parts.bots.map((bot) =>
    botResult(bot, collector.ledger.books(), markets, parts.marks, valuation),
  );
  const usd = (sum: (bot: BotResult) => Decimal) => bots.reduce((total, bot) => total.plus(sum(bot)), ZERO);
  const marginCosts = collector.marginCosts();
  let marginUsd = ZERO;
  for (const [asset, cost] of marginCosts)
    marginUsd = marginUsd.plus(cost.times(valuation.usdRate(asset) ?? ZERO));
  const realised = usd((bot) => bot.realised);
  const unrealised = usd((bot) => bot.unrealised);
  const fees = usd((bot) => bot.fees);
  let volume = ZERO;
  for (const book of collector.ledger.books()) {
    const quote = markets.get(book.pair)?.pair.quote;
    volume = volume.plus(book.volume.times((quote && valuation.usdRate(quote)) || ZERO));
  }
  const drawdown = curve.maxDrawdown;
  const base = parts.startEquity.plus(drawdown.peak);
  return {
    name: parts.name,
    from: parts.span.from,
    to: parts.span.to,
    data: parts.data,
    bots,
    totals: {
      realised,
      unrealised,
      fees,
      marginCosts: marginUsd,
      net: realised.plus(unrealised).minus(fees).minus(marginUsd),
      trades: collector.trades.length,
      volume,
    },
    marginCosts: Object.fromEntries(marginCosts),
    startEquity: parts.startEquity,
    maxDrawdown: {
      amount: drawdown.amount,
      percentOfEquity: base.gt(0) ? drawdown.amount.div(base).times(100) : ZERO,
      peakAt: drawdown.peakAt,
      troughAt: drawdown.troughAt,
    },
    exposure: {
      timeInMarket: curve.timeInMarket,
      maxNotional: curve.maxExposure.amount,
      maxAt: curve.maxExposure.at,
    },
    refusals: {
      guard: collector.guardRefusals.toJSON(),
      exchange: collector.exchangeRefusals.toJSON(),
      failed: collector.failures.toJSON(),
    },
    placed: collector.placed,
    trades: collector.trades,
    curve: curve.points,
    charts: parts.markets.map((market) => chartOf(market, collector.trades)),
    halted: parts.halted,
    warnings: collector.warnings,
    moreWarnings: collector.warningCount - collector.warnings.length,
    run: parts.run,
  };
}

function botResult(
  bot: BotRunner,
  books: readonly PositionBook[],
  markets: ReadonlyMap<string, PairMarket>,
  marks: Marks,
  valuation: Valuation,
): BotResult {
  let realised = ZERO;
  let unrealised = ZERO;
  let fees = ZERO;
  const results: BookResult[] = [];
  for (const book of books) {
    if (book.bot !== bot.name) continue;
    const market = markets.get(book.pair);
    const mark = market === undefined ? undefined : marks.of(market);
    const open = mark === undefined ? ZERO : unrealisedAt(book, mark);
    const quote = market?.pair.quote ?? '';
    results.push({
      pair: market?.pair.wsname ?? book.pair,
      quote,
      margin: book.margin,
      position: book.position,
      averagePrice: book.averagePrice,
      mark,
      realised: book.realised,
      unrealised: open,
      fees: book.fees,
      volume: book.volume,
      fills: book.fills,
    });
    const rate = valuation.usdRate(quote);
    if (rate === undefined) continue;
    realised = realised.plus(book.realised.times(rate));
    unrealised = unrealised.plus(open.times(rate));
    fees = fees.plus(book.fees.times(rate));
  }
  return {
    name: bot.name,
    strategy: bot.strategyName,
    pairs: bot.pairs.map((pair) => pair.wsname),
    counters: { ...bot.counters },
    books: results,
    realised,
    unrealised,
    fees,
    errors: [...bot.errors],
    errorCount: bot.errorCount,
  };
}

function chartOf(market: PairMarket, trades: readonly BacktestTrade[]): PairChart {
  const markers = new Map<string, PairChart['markers'][number]>();
  for (const trade of trades) {
    if (trade.pair !== market.pair.id) continue;
    const time = market.bars.barOf(trade.at);
    const key = `${time}|${trade.side}`;
    const marker = markers.get(key) ?? { time, side: trade.side, fills: 0, volume: ZERO };
    marker.fills += 1;
    marker.volume = marker.volume.plus(trade.volume);
    markers.set(key, marker);
  }
  return {
    pair: market.pair.wsname,
    id: market.pair.id,
    barMs: market.bars.lengthMs,
    bars: market.bars.bars,
    markers: [...markers.values()],
  };
}
