import { amount, signed } from '../status/format.js';
import type { BacktestResult, BotResult } from './result.js';

const minute = (ms: number | undefined) =>
  ms === undefined ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The terminal summary of a backtest: what was replayed, each bot's result, totals in USD, risk and refusals. */
export function renderBacktest(result: BacktestResult): string {
  const data = result.data
    .map(
      (source) =>
        `${source.pair}${source.interval === undefined ? ' (recording)' : ` ${source.interval}`} × ${source.rows.toLocaleString('en-US')}`,
    )
    .join(', ');
  const { totals, maxDrawdown, exposure } = result;
  return [
    '',
    `BACKTEST  ${result.name}  ·  ${minute(result.from)} → ${minute(result.to)} UTC (${span(result.to - result.from)})  ·  ${data}`,
    `replayed ${result.run.pricePoints.toLocaleString('en-US')} price points and ${result.run.candles.toLocaleString('en-US')} candles in ${(result.run.wallMs / 1000).toFixed(1)} s`,
    ...(result.halted === undefined ? [] : [`HALTED on ${result.halted.code}: ${result.halted.message}`]),
    '',
    ...botTable(result.bots),
    '',
    `net ${signed(totals.net)} USD = realised ${signed(totals.realised)} + unrealised ${signed(totals.unrealised)} − fees ${amount(totals.fees)} − margin costs ${amount(totals.marginCosts)}`,
    `  ${totals.trades.toLocaleString('en-US')} fills of ${result.placed.toLocaleString('en-US')} orders placed, ${amount(totals.volume)} USD traded; start equity ${amount(result.startEquity)} USD`,
    `  max drawdown ${amount(maxDrawdown.amount)} USD (${maxDrawdown.percentOfEquity.toFixed(2)}% of equity)${maxDrawdown.amount.isZero() ? '' : `, ${minute(maxDrawdown.peakAt)} → ${minute(maxDrawdown.troughAt)}`}`,
    `  exposure: a position held ${(exposure.timeInMarket * 100).toFixed(1)}% of the time; largest ${amount(exposure.maxNotional)} USD${exposure.maxAt === undefined ? '' : ` at ${minute(exposure.maxAt)}`}`,
    ...positionLines(result.bots),
    '',
    ...refusalLines('guard refusals', result.refusals.guard),
    ...refusalLines('exchange refusals', result.refusals.exchange),
    ...refusalLines('orders failed', result.refusals.failed),
    ...result.warnings.slice(0, 5).map((warning) => `warning: ${warning}`),
    ...(result.warnings.length + result.moreWarnings > 5
      ? [`… ${result.warnings.length + result.moreWarnings - 5} more warnings in the JSON report`]
      : []),
    '',
  ].join('\n');
}

/** `3d 4h`, `5h 12m`, `45m`. */
function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

function botTable(bots: readonly BotResult[]): string[] {
  const header = [
    'bot',
    'strategy',
    'pairs',
    'orders',
    'fills',
    'refused',
    'realised',
    'unrealised',
    'fees',
    'errors',
  ];
  const rows = bots.map((bot) => [
    bot.name,
    bot.strategy,
    bot.pairs.join(' '),
    String(bot.counters.placed),
    String(bot.counters.fills),
    String(bot.counters.guardRejected + bot.counters.exchangeRejected),
    signed(bot.realised),
    signed(bot.unrealised),
    amount(bot.fees),
    String(bot.errorCount),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const right = new Set([3, 4, 5, 6, 7, 8, 9]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        right.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function positionLines(bots: readonly BotResult[]): string[] {
  const lines: string[] = [];
  for (const bot of bots)
    for (const book of bot.books)
      if (!book.position.isZero())
        lines.push(
          `  ${bot.name} holds ${book.position.toFixed()} ${book.pair}${book.margin ? ' (margin)' : ''} at an average ${book.averagePrice.toDecimalPlaces(8).toFixed()}, valued at ${book.mark?.toFixed() ?? '?'}`,
        );
  return lines;
}

function refusalLines(title: string, tally: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(tally);
  if (entries.length === 0) return [`${title}: none`];
  return [`${title}:`, ...entries.map(([code, count]) => `  ${String(count).padStart(6)} × ${code}`)];
}
