import { formatDuration } from '../config/duration.js';
import type { SessionStatus } from '../engine/session-status.js';
import { describeMarketData } from '../market/market-status.js';
import { fitScreen, type GrowStep, type ScreenSection } from './fit-screen.js';
import { smart } from './format.js';
import {
  botTable,
  eventLine,
  feeLine,
  headerLine,
  marketDataLines,
  orphanLines,
  poolForms,
  rejectionForms,
} from './status-parts.js';
import { firstThatFits, type StyledLine, span, textOf } from './styled-line.js';

/** The terminal the view is drawn for; a side left out is unbounded. */
export interface ScreenSize {
  columns?: number;
  rows?: number;
}

const BLANK: StyledLine = [];
const RECENT_SHOWN = 6;

/**
 * What a small screen keeps, in order: the header, the first five bots with their PnL, the market data source,
 * orphans, one line each for pools, fee tier and refusals, the two latest events; then the other bots, the details
 * (a line per pool, per refusal reason), the spacing, the Ctrl-C hint, and more events as room allows.
 */
const GROWTH: readonly GrowStep[] = [
  { section: 'header' },
  { section: 'bots', upTo: 4 },
  { section: 'market' },
  { section: 'orphans' },
  { section: 'pools', upTo: 0 },
  { section: 'fee' },
  { section: 'rejections', upTo: 0 },
  { section: 'recent', upTo: 1 },
  { section: 'bots' },
  { section: 'pools' },
  { section: 'rejections' },
  { section: 'gap-bots' },
  { section: 'gap-pools' },
  { section: 'gap-rejections' },
  { section: 'gap-recent' },
  { section: 'gap-footer' },
  { section: 'footer' },
  { section: 'recent' },
];

/**
 * The live view as styled lines, fitted to the screen: no line wider than `columns`, no more than `rows` lines;
 * detail (events, per-reason lines, columns, the fee bar, bot rows) goes before the header does, and the PnL
 * column is never cut.
 */
export function layoutStatus(status: SessionStatus, title: string, size: ScreenSize = {}): StyledLine[] {
  const width = size.columns ?? Number.POSITIVE_INFINITY;
  const gap = (name: string): ScreenSection => ({ name, forms: [[BLANK]] });
  const sections: ScreenSection[] = [
    { name: 'header', forms: [[headerLine(status, title, width)]] },
    { name: 'market', forms: [marketDataLines(status, width)] },
    gap('gap-bots'),
    { name: 'bots', forms: botForms(botTable(status, width), width) },
    gap('gap-pools'),
    { name: 'pools', forms: poolForms(status, width) },
    { name: 'fee', forms: [[feeLine(status, width)]] },
    gap('gap-rejections'),
    { name: 'rejections', forms: rejectionForms(status, width) },
    { name: 'orphans', forms: [orphanLines(status, width)] },
    gap('gap-recent'),
    { name: 'recent', forms: recentForms(status, width) },
    gap('gap-footer'),
    {
      name: 'footer',
      forms: [
        [
          firstThatFits(
            [
              [span('Ctrl-C stops (open orders are cancelled or kept per run.onShutdown)', 'dim')],
              [span('Ctrl-C stops', 'dim')],
            ],
            width,
          ),
        ],
      ],
    },
  ];
  return fitScreen(sections, GROWTH, size.rows ?? Number.POSITIVE_INFINITY);
}

// The title row with the first k bots, k = 1..n; while some are left out, a line says how many.
function botForms(table: readonly StyledLine[], width: number): StyledLine[][] {
  const [titles = BLANK, ...rows] = table;
  return rows.map((_, index) => {
    const hidden = rows.length - index - 1;
    const more: StyledLine[] =
      hidden === 0
        ? []
        : [
            firstThatFits(
              [
                [span(`  … ${hidden} more bot(s): a taller terminal shows them`, 'dim')],
                [span(`  … ${hidden} more`, 'dim')],
              ],
              width,
            ),
          ];
    return [titles, ...rows.slice(0, index + 1), ...more];
  });
}

// The heading with the latest k events, k = 1..6.
function recentForms(status: SessionStatus, width: number): StyledLine[][] {
  const events = status.recent.slice(-RECENT_SHOWN).map((event) => eventLine(event, width));
  return events.map((_, index) => [[span('RECENT', 'bold')], ...events.slice(events.length - index - 1)]);
}

/** The whole live view, one string per line, fitted to `size` (default: unbounded, every detail). */
export function renderStatus(status: SessionStatus, title: string, size: ScreenSize = {}): string[] {
  return layoutStatus(status, title, size).map(textOf);
}

/** The bot table as text, fitted to `width` (default: every column); the end-of-run summary prints it. */
export function botLines(status: Pick<SessionStatus, 'bots'>, width?: number): string[] {
  return botTable(status, width).map(textOf);
}

/** Margin pools in use against their allowances, a line per pool (the summary and `guard check` print it). */
export function poolLines(status: Pick<SessionStatus, 'pools'>, width?: number): string[] {
  const forms = poolForms(status, width);
  return (forms.at(-1) ?? []).map(textOf);
}

/** Refusals by reason, a line per reason. */
export function rejectionLines(
  status: Pick<SessionStatus, 'guardRejections' | 'exchangeRejections'>,
): string[] {
  return (rejectionForms(status).at(-1) ?? []).map(textOf);
}

/** A one-line status for plain (non-TTY) output, every few seconds. */
export function statusLine(status: SessionStatus): string {
  let placed = 0;
  let fills = 0;
  let refused = 0;
  for (const bot of status.bots) {
    placed += bot.placed;
    fills += bot.fills;
    refused += bot.guardRejected;
  }
  const time = `${formatDuration(status.elapsedMs)}${status.durationMs === undefined ? '' : `/${formatDuration(status.durationMs)}`}`;
  const pools = status.pools
    .map((pool) => `${pool.currency} ${smart(pool.total)}/${smart(pool.allowance)}`)
    .join(' ');
  const orphans = status.orphans === 0 ? '' : `; ${status.orphans} orphan order(s)`;
  const market = status.marketData === undefined ? '' : `; ${describeMarketData(status.marketData)}`;
  return `status ${time} ${status.tradingState}: ${placed} placed, ${fills} fills, ${refused} refused by the guard${pools === '' ? '' : `; pools ${pools}`}${orphans}${market}`;
}
