import { performance } from 'node:perf_hooks';
import { silentLogger } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import type { Logger } from 'pino';
import { CandleBook } from '../candles/candle-book.js';
import { withCandles } from '../candles/with-candles.js';
import type { BotConfig } from '../config/load.js';
import type { BotRunner } from '../engine/bot-runner.js';
import { SessionEvents } from '../engine/session-events.js';
import { createBots } from '../engine/session-setup.js';
import { USD_CODES } from '../engine/usd-prices.js';
import { botCandleNeeds } from '../market/candle-needs.js';
import { BotRecords } from '../state/bot-records.js';
import type { StrategyDefinition } from '../strategies/types.js';
import { type BacktestExchange, openBacktestExchange, type StartPrice } from './backtest-exchange.js';
import { BacktestCollector } from './collector.js';
import type { MarketSource } from './data/market-source.js';
import { BacktestSetupError } from './errors.js';
import { PairMarket } from './pair-market.js';
import { PnlCurve } from './pnl-curve.js';
import { Portfolio } from './portfolio.js';
import { Replay } from './replay.js';
import { type BacktestResult, buildResult } from './result.js';
import { Timeline } from './timeline.js';
import { Valuation } from './valuation.js';

/** Options of {@link runBacktest}. */
export interface BacktestOptions {
  /** The market history: one source per pair (see loadMarketData). */
  data: readonly MarketSource[];
  /** Replay from this moment on (epoch ms; default the data's start). */
  from?: number;
  /** Replay up to this moment (epoch ms, exclusive; default the data's end). */
  to?: number;
  /** pino logger for the clients (default silent). */
  logger?: Logger;
}

/**
 * Runs a bot config over recorded market history as a live run would trade it, as fast as the CPU allows: the
 * same strategies, the same guard (its rules from the config, on the backtest's clock), the same exchange rules
 * (the mock exchange's matching, fees by the account's tier and 30-day volume, margin rules), on a clock that
 * moves with the data. The exchange is in-process: no sockets, no timers. Returns trades, PnL, fees, drawdown,
 * exposure and refusals by reason.
 */
export async function runBacktest(config: BotConfig, options: BacktestOptions): Promise<BacktestResult> {
  const started = performance.now();
  const range = rangeOf(options);
  const logger = options.logger ?? silentLogger();
  const opened = await openBacktestExchange(config, { at: range.startAt, prices: range.starts }, logger);
  try {
    checkCoverage(config, opened);
    const parts = setUp(config, opened, range, logger);
    warnUnopened(parts.events, opened, range);
    await parts.replay.run(new Timeline(range.sources, range.from, range.to));
    const { replay, portfolio, curve } = parts;
    // The end of the run is a sample too: the curve ends at the PnL the totals report, and a fall after the last
    // minute's first price (the close of a one-minute candle, what the bots did on stopping) counts in the drawdown.
    if (Number.isFinite(replay.lastAt)) portfolio.sample(curve, replay.lastAt);
    return buildResult({
      ...parts,
      name: config.name,
      span: { from: range.startAt, to: Math.max(range.startAt, replay.lastAt) },
      data: range.sources.map((source, index) => ({
        file: source.file,
        pair: opened.dataPairs[index]?.wsname ?? source.pair,
        interval: source.interval,
        rows: source.rows,
      })),
      marks: portfolio.marks,
      startEquity: equityOf(opened.account),
      halted: replay.halted,
      run: { pricePoints: replay.pricePoints, candles: replay.candles, wallMs: performance.now() - started },
    });
  } finally {
    await opened.connection.close();
  }
}

/** What a backtest replays: the sources, the span (epoch ms, `to` excluded) and where each market starts. */
interface ReplayRange {
  sources: readonly MarketSource[];
  from: number;
  to: number;
  starts: StartPrice[];
  startAt: number;
}

function rangeOf(options: BacktestOptions): ReplayRange {
  const sources = options.data;
  if (sources.length === 0) throw new BacktestSetupError('no data: give at least one data file');
  const from = Math.max(options.from ?? Number.NEGATIVE_INFINITY, Math.min(...sources.map((s) => s.first)));
  const to = Math.min(options.to ?? Number.POSITIVE_INFINITY, Math.max(...sources.map((s) => s.last)));
  const starts = startPrices(sources, from, to);
  return { sources, from, to, starts, startAt: Math.min(...starts.map((start) => start.at)) };
}

// The session's parts around the exchange: bots (their strategies reading the candle book), the data's markets,
// the books and curve the report is made of, and the replay loop that drives them.
function setUp(config: BotConfig, opened: BacktestExchange, range: ReplayRange, logger: Logger) {
  const book = new CandleBook({ strict: true });
  const events = new SessionEvents();
  const bots = createBots(withCandleStrategies(config, book), opened.connection, () => opened.clock.now());
  declareCandles(config, book, range.sources, opened, bots);
  const markets = opened.dataPairs.map(
    (pair) =>
      new PairMarket({
        pair,
        exchange: opened.exchange,
        bots: bots.filter((bot) => bot.pairs.some((traded) => traded.id === pair.id)),
        spanMs: range.to - range.from,
        usdAsset: opened.connection.usdPairs.get(pair.id),
        opensWith: opened.unopened.get(pair.id),
      }),
  );
  const valuation = new Valuation(markets, opened.account.usdPrices);
  const curve = new PnlCurve(range.startAt, range.to);
  const portfolio: { current?: Portfolio } = {};
  const collector = new BacktestCollector(events, opened.exchange, {
    filled: (changed) => portfolio.current?.changed(changed),
    charged: () => portfolio.current?.charged(),
  });
  portfolio.current = new Portfolio(collector, valuation, markets);
  const replay = new Replay({
    ...opened,
    bots,
    markets,
    book,
    events,
    records: memoryRecords(opened),
    logger,
    reconcileIntervalMs:
      config.run.reconcileInterval > 0 ? config.run.reconcileInterval : Number.POSITIVE_INFINITY,
    haltOn: config.run.haltOn,
    staticUsdPrices: staticUsdPrices(config, opened, markets),
    afterPrice: (_, at) => {
      if (curve.due(at)) portfolio.current?.sample(curve, at);
    },
  });
  return { bots, markets, events, collector, curve, valuation, portfolio: portfolio.current, replay };
}

// A pair whose data begins after the start has no price until then (its first one would be a look into the
// future): the report says so, as refusals on it or an unvalued balance would otherwise go unexplained.
function warnUnopened(events: SessionEvents, opened: BacktestExchange, range: ReplayRange): void {
  range.starts.forEach((start, index) => {
    const pair = opened.dataPairs[index];
    if (pair === undefined || !opened.unopened.has(pair.id)) return;
    events.emit({
      type: 'warning',
      at: range.startAt,
      message: `${pair.wsname} has no price before its data begins at ${iso(start.at)} (${start.file}): no ticks, no orders and no valuation by it until then`,
    });
  });
}

// USD prices no data file moves, which the replay stamps afresh for the guard: only needed when its prices can go
// stale (sanity.referencePriceMaxAgeMs). Otherwise the prices it was seeded with stay current, and telling it the
// same prices again (a loss-limit look each) would change nothing.
function staticUsdPrices(
  config: BotConfig,
  opened: BacktestExchange,
  markets: readonly PairMarket[],
): Array<[string, string]> {
  if (config.guardRules.sanity?.referencePriceMaxAgeMs === undefined) return [];
  return Object.entries(opened.account.usdPrices).filter(
    ([asset]) => !markets.some((market) => market.usdAsset === asset),
  );
}

// Where each source's market starts: its first price in the range (the exchange opens there).
function startPrices(sources: readonly MarketSource[], from: number, to: number): StartPrice[] {
  return sources.map((source) => {
    for (const event of source.events(from, to))
      if (event.kind === 'price')
        return { file: source.file, pair: source.pair, price: event.price, at: event.at };
    throw new BacktestSetupError(`${source.file}: no prices between ${iso(from)} and ${iso(to)}`);
  });
}

// One file per pair, and every pair an enabled bot trades needs one: a pair without data would never tick.
function checkCoverage(config: BotConfig, opened: BacktestExchange): void {
  const covered = new Set<string>();
  for (const pair of opened.dataPairs) {
    if (covered.has(pair.id))
      throw new BacktestSetupError(`two data files for ${pair.wsname}: give one per pair`);
    covered.add(pair.id);
  }
  for (const bot of config.bots.filter((entry) => entry.enabled)) {
    for (const pair of opened.connection.botPairs.get(bot.name) ?? [])
      if (!covered.has(pair.id))
        throw new BacktestSetupError(
          `bot ${bot.name} trades ${pair.wsname}, but no data file has it (add one with --data)`,
        );
  }
}

// Every strategy sees the book's candles in its view.
function candleAware(config: BotConfig, book: CandleBook): BotConfig['strategies'] {
  const wrapped: Record<string, StrategyDefinition<unknown>> = {};
  for (const [name, definition] of Object.entries(config.strategies))
    wrapped[name] = {
      ...definition,
      create: (setup) => withCandles(definition.create(setup), book, setup.pairs),
    };
  return wrapped;
}

function withCandleStrategies(config: BotConfig, book: CandleBook): BotConfig {
  return { ...config, strategies: candleAware(config, book) };
}

// Each pair's candles come at its data file's interval; each bot's declared series fill from the first candle.
function declareCandles(
  config: BotConfig,
  book: CandleBook,
  sources: readonly MarketSource[],
  opened: BacktestExchange,
  bots: readonly BotRunner[],
): void {
  sources.forEach((source, index) => {
    const pair = opened.dataPairs[index];
    if (pair !== undefined && source.interval !== undefined) book.source(pair.id, source.interval);
  });
  for (const bot of bots) {
    const entry = config.bots.find((candidate) => candidate.name === bot.name);
    if (entry === undefined) continue;
    for (const needs of botCandleNeeds(entry, config.strategies))
      for (const pair of bot.pairs) book.declare(pair.id, needs);
  }
}

const BACKTEST_STORE_ACCOUNT = accountIdOf('backtest');

// The strategies' saved state goes where a live run's would (the records the dispatch keeps), in memory.
function memoryRecords(opened: BacktestExchange): BotRecords {
  return new BotRecords({
    store: createMemoryStore(),
    sessionId: 'backtest',
    now: () => opened.clock.now(),
    accountOf: () => BACKTEST_STORE_ACCOUNT,
    onProblem: () => undefined,
  });
}

function equityOf(account: BacktestExchange['account']): Decimal {
  let equity = new Decimal(0);
  for (const [asset, amount] of Object.entries(account.balance)) {
    if (asset.includes('.')) continue;
    const price = USD_CODES.has(asset) ? '1' : account.usdPrices[asset];
    if (price !== undefined) equity = equity.plus(new Decimal(amount).times(price));
  }
  return equity;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
