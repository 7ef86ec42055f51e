import { Decimal } from '@krakenkit/core';
import type { TradingState } from '@krakenkit/guard';
import { formatDuration } from '../config/duration.js';
import type { SessionEvent } from '../engine/session-events.js';
import type { SessionStatus } from '../engine/session-status.js';
import { describeMarketData } from '../market/market-status.js';
import { describeEvent } from './event-text.js';
import { fitTable } from './fit-table.js';
import { amount, bar, clock, signed, smart } from './format.js';
import {
  firstThatFits,
  type Look,
  type Span,
  type StyledLine,
  span,
  truncate,
  widthOf,
} from './styled-line.js';

// The parts of the status view, each made to fit a width: a part offers its lines at full detail and in shorter
// forms, and the view picks what fits (see status-view.ts). Looks are only hints; they show when colour is on.

const STATE_LOOK: Readonly<Record<TradingState, Look | readonly Look[]>> = {
  ACTIVE: 'green',
  REDUCING: ['bold', 'yellow'],
  HALTED: ['bold', 'red'],
};

/** The header: config name, exchange, tier, trading state, time; losing the URL, then the tier, then room. */
export function headerLine(
  status: SessionStatus,
  title: string,
  width = Number.POSITIVE_INFINITY,
): StyledLine {
  const state = span(status.tradingState, STATE_LOOK[status.tradingState]);
  const time = `${formatDuration(status.elapsedMs)}${status.durationMs === undefined ? '' : ` / ${formatDuration(status.durationMs)}`}`;
  const exchange = status.exchange.kind === 'mock' ? 'mock exchange' : 'Kraken';
  const brand = span('krakenkit', 'bold');
  const forms: StyledLine[] = [
    [
      brand,
      span(`  ${title}  ·  ${exchange} ${status.exchange.baseUrl}  ·  tier ${status.tier}  ·  `),
      state,
      span(`  ·  ${time}`),
    ],
    [brand, span(`  ${title}  ·  ${exchange}  ·  tier ${status.tier}  ·  `), state, span(`  ·  ${time}`)],
    [brand, span(` ${title} · ${exchange} · tier ${status.tier} · `), state, span(` · ${time}`)],
    [brand, span(`  ${title}  ·  ${exchange}  ·  `), state, span(`  ·  ${time}`)],
    [brand, span(`  ${title}  ·  `), state, span(`  ·  ${time}`)],
  ];
  const fits = forms.find((form) => widthOf(form) <= width);
  if (fits !== undefined) return fits;
  // The state and the time matter more than the name: the name is what gets cut.
  const tail: StyledLine = [span(' · '), state, span(` · ${time}`)];
  const room = width - widthOf(tail);
  return room >= 2 ? [...truncate([span(title, 'bold')], room), ...tail] : truncate(tail.slice(1), width);
}

/**
 * Where market data comes from (the socket, or REST and since when the socket is down, or the pairs on REST while
 * their subscriptions are refused); none when unknown.
 */
export function marketDataLines(
  status: Pick<SessionStatus, 'marketData'>,
  width = Number.POSITIVE_INFINITY,
): StyledLine[] {
  const market = status.marketData;
  if (market === undefined) return [];
  // REST standing in for the socket (all of it, or some pairs' refused subscriptions) is worth the eye.
  const fallback = market.source === 'rest' ? market.mode === 'fallback' : (market.refused?.length ?? 0) > 0;
  const text = describeMarketData(market);
  return [truncate([span(text, fallback ? ['bold', 'yellow'] : 'dim')], width)];
}

/** Whether a bot of the status took over an earlier session's PnL (its figures since its start differ). */
export function carriesOver(status: Pick<SessionStatus, 'bots'>): boolean {
  return status.bots.some((bot) => bot.carried === true);
}

/**
 * One row per bot (orders, fills, refusals, PnL per quote currency), made to fit `width`: PnL is never cut. Every
 * figure is this session's; when a bot carries PnL over from an earlier session (it adopted its saved state at a
 * restart), the PnL column says `PnL THIS SESSION` and a column `PnL SINCE BOT START` shows the carried total.
 */
export function botTable(
  status: Pick<SessionStatus, 'bots'>,
  width = Number.POSITIVE_INFINITY,
): StyledLine[] {
  const bots = status.bots;
  const carried = carriesOver(status);
  const counts = (value: (bot: SessionStatus['bots'][number]) => number, look?: Look) =>
    bots.map((bot) => span(String(value(bot)), look !== undefined && value(bot) > 0 ? look : undefined));
  return fitTable(
    [
      {
        title: 'BOT',
        shrinkable: true,
        cells: bots.map((bot) => {
          if (bot.halted !== undefined) return span(`${bot.name} [HALTED]`, ['bold', 'red']);
          if (bot.paused !== undefined) return span(`${bot.name} [PAUSED]`, ['bold', 'yellow']);
          return span(bot.name);
        }),
      },
      { title: 'STRATEGY', dropRank: 1, cells: bots.map((bot) => span(bot.strategy)) },
      { title: 'PAIRS', dropRank: 3, cells: bots.map((bot) => span(bot.pairs.join(','))) },
      { title: 'OPEN', dropRank: 4, cells: counts((bot) => bot.open) },
      {
        title: 'PLACED',
        dropRank: 5,
        cells: bots.map((bot) =>
          span(bot.validated > 0 ? `${bot.placed} (+${bot.validated} validated)` : String(bot.placed)),
        ),
      },
      { title: 'FILLS', dropRank: 6, cells: counts((bot) => bot.fills) },
      { title: 'GUARD-REJ', dropRank: 7, cells: counts((bot) => bot.guardRejected, 'yellow') },
      { title: 'EXCH-REJ', dropRank: 2, cells: counts((bot) => bot.exchangeRejected + bot.failed, 'yellow') },
      {
        title: carried ? 'PnL THIS SESSION' : 'PnL',
        cells: bots.map((bot) => pnlCell(bot.sessionPnl ?? bot.pnl)),
      },
      ...(carried
        ? [{ title: 'PnL SINCE BOT START', dropRank: 1.5, cells: bots.map((bot) => pnlCell(bot.pnl)) }]
        : []),
    ],
    width,
  );
}

// PnL summed per quote currency: a bot on XBT/USD and ETH/USD has one USD figure.
function pnlByQuote(pnl: SessionStatus['bots'][number]['pnl']): Map<string, Decimal> {
  const byQuote = new Map<string, Decimal>();
  for (const entry of pnl)
    byQuote.set(entry.quote, (byQuote.get(entry.quote) ?? new Decimal(0)).plus(entry.value));
  return byQuote;
}

/** `-12.40 USD, +3.00 EUR`: a bot's PnL per quote currency. */
export function pnlText(pnl: SessionStatus['bots'][number]['pnl']): string {
  return [...pnlByQuote(pnl)].map(([quote, value]) => `${signed(value)} ${quote}`).join(', ');
}

function pnlCell(pnl: SessionStatus['bots'][number]['pnl']): Span {
  const byQuote = pnlByQuote(pnl);
  const values = [...byQuote.values()];
  const text = pnlText(pnl);
  const look = values.some((value) => value.lt(0))
    ? 'red'
    : values.some((value) => value.gt(0))
      ? 'green'
      : undefined;
  return span(text, look);
}

/** Margin pools against their allowances: [one line] and [title, one line per pool], fitted to `width`. */
export function poolForms(
  status: Pick<SessionStatus, 'pools'>,
  width = Number.POSITIVE_INFINITY,
): StyledLine[][] {
  if (status.pools.length === 0) return [[[span('MARGIN POOLS', 'bold'), span('  none in use')]]];
  const pools = status.pools.map((pool) => {
    const used = new Decimal(pool.total);
    const allowance = new Decimal(pool.allowance);
    const ratio = allowance.isZero() ? 1 : used.div(allowance).toNumber();
    const look: Look | undefined = ratio >= 0.9 ? 'red' : ratio >= 0.7 ? 'yellow' : undefined;
    return { pool, used, allowance, ratio, look };
  });
  const oneLine: Span[] = [span('MARGIN POOLS', 'bold')];
  for (const [index, { pool, used, allowance, ratio, look }] of pools.entries())
    oneLine.push(
      span(`${index === 0 ? '  ' : ' · '}${pool.currency} ${smart(used)}/${smart(allowance)} `),
      span(`${Math.round(Math.max(0, Math.min(1, ratio)) * 100)}%`, look),
    );
  const table = (barWidth: number) =>
    fitTable(
      [
        { title: '', cells: pools.map(({ pool }) => span(`  ${pool.currency}`)) },
        {
          title: '',
          cells: pools.map(({ used, allowance }) => span(`${smart(used)} / ${smart(allowance)}`)),
        },
        { title: '', cells: pools.map(({ ratio, look }) => span(barOrPercent(ratio, barWidth), look)) },
      ],
      width,
    ).slice(1);
  const rows = [20, 10, 0].map(table).find((lines) => lines.every((line) => widthOf(line) <= width));
  const title: StyledLine = [span('MARGIN POOLS', 'bold'), span('  borrowed / allowance')];
  return [[truncate(oneLine, width)], [title, ...(rows ?? table(0).map((line) => truncate(line, width)))]];
}

function barOrPercent(ratio: number, barWidth: number): string {
  return barWidth > 0 ? bar(ratio, barWidth) : `${Math.round(Math.max(0, Math.min(1, ratio)) * 100)}%`;
}

/** Fee tier and progress to the next 30-day volume tier: the bar goes first, then the wording. */
export function feeLine(status: Pick<SessionStatus, 'fee'>, width = Number.POSITIVE_INFINITY): StyledLine {
  const title = span('FEE TIER', 'bold');
  const fee = status.fee;
  if (fee === undefined)
    return firstThatFits(
      [
        [title, span('  unknown (TradeVolume not available to this key)')],
        [title, span('  unknown')],
      ],
      width,
    );
  const taker = fee.taker?.toFixed(2) ?? '?';
  const maker = fee.maker?.toFixed(2) ?? '?';
  const volume = amount(fee.volume30d, 0);
  const long = `  30-day volume $${volume} · taker ${taker}% maker ${maker}%`;
  const short = `  $${volume} in 30 days · ${taker}% / ${maker}%`;
  if (fee.nextVolume === undefined)
    return firstThatFits(
      [
        [title, span(`${long} · top tier`)],
        [title, span(`${short} · top tier`)],
      ],
      width,
    );
  const next = amount(fee.nextVolume, 0);
  const nextFees = `(${fee.nextTaker?.toFixed(2) ?? '?'}% / ${fee.nextMaker?.toFixed(2) ?? '?'}%)`;
  const progress =
    fee.progress === undefined ? '' : `${Math.round(Math.max(0, Math.min(1, fee.progress)) * 100)}%`;
  return firstThatFits(
    [
      [
        title,
        span(
          `${long} · next tier at $${next} ${nextFees} ${fee.progress === undefined ? '' : bar(fee.progress, 10)}`.trimEnd(),
        ),
      ],
      [
        title,
        span(`${long} · next tier at $${next} ${nextFees}${progress === '' ? '' : `, ${progress} there`}`),
      ],
      [title, span(`${short} · next $${next}${progress === '' ? '' : `, ${progress} there`}`)],
    ],
    width,
  );
}

/** Refusals by reason: [one line each for the guard's and the exchange's] and [a line per reason]. */
export function rejectionForms(
  status: Pick<SessionStatus, 'guardRejections' | 'exchangeRejections'>,
  width = Number.POSITIVE_INFINITY,
): StyledLine[][] {
  const guardTitle = span('GUARD REJECTIONS', 'bold');
  const exchangeTitle = span('EXCHANGE REJECTIONS', 'bold');
  const listed = (entries: ReadonlyArray<[string, number]>) =>
    entries.map(([code, count]) => `${count} × ${code}`).join(', ');
  const perReason = (entries: ReadonlyArray<[string, number]>) =>
    entries.map(
      ([code, count]): StyledLine =>
        truncate([span(`  ${String(count).padStart(4)} × `, 'yellow'), span(code)], width),
    );
  const guard = status.guardRejections;
  const exchange = status.exchangeRejections;
  const compact: StyledLine[] = [
    truncate([guardTitle, span(guard.length === 0 ? '  none' : `  ${listed(guard)}`)], width),
    ...(exchange.length === 0 ? [] : [truncate([exchangeTitle, span(`  ${listed(exchange)}`)], width)]),
  ];
  const full: StyledLine[] = [
    [guardTitle, span(guard.length === 0 ? '  none' : '  by reason')],
    ...perReason(guard),
    ...(exchange.length === 0 ? [] : [[exchangeTitle, span('  by Kraken code')], ...perReason(exchange)]),
  ];
  return guard.length === 0 && exchange.length === 0 ? [compact] : [compact, full];
}

/** Open orders no live session owns, while there are any (the orphans event lists them). */
export function orphanLines(
  status: Pick<SessionStatus, 'orphans'>,
  width = Number.POSITIVE_INFINITY,
): StyledLine[] {
  if (status.orphans === 0) return [];
  return [
    firstThatFits(
      [
        [
          span('ORPHANS', ['bold', 'yellow']),
          span(
            `  ${status.orphans} open order(s) on the key no live session owns (listed in the log); --cancel-orphans cancels them`,
          ),
        ],
        [span('ORPHANS', ['bold', 'yellow']), span(`  ${status.orphans} open order(s) no live session owns`)],
      ],
      width,
    ),
  ];
}

const EVENT_LOOK: Partial<Record<SessionEvent['type'], Look | readonly Look[]>> = {
  'guard-rejected': 'yellow',
  'exchange-rejected': 'yellow',
  'order-failed': 'red',
  'bot-halted': ['bold', 'red'],
  halted: ['bold', 'red'],
  fill: 'green',
  orphans: 'yellow',
  warning: 'yellow',
};

/** `  14:03:07 btc-grid: placed …`, cut to `width`. */
export function eventLine(event: SessionEvent, width = Number.POSITIVE_INFINITY): StyledLine {
  return truncate(
    [span(`  ${clock(event.at)} `, 'dim'), span(describeEvent(event), EVENT_LOOK[event.type])],
    width,
  );
}
