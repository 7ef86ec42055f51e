import { Decimal } from '@krakenkit/core';
import { formatDuration } from '../config/duration.js';
import type { SessionSummary } from '../engine/session-status.js';
import { amount } from './format.js';
import { carriesOver, feeLine, orphanLines, pnlText } from './status-parts.js';
import { botLines, poolLines, rejectionLines } from './status-view.js';
import { firstThatFits, span, textOf } from './styled-line.js';

const SINCE_START = 'PnL SINCE BOT START';

/**
 * Under the bot table of a session with a restarted bot: what the since-start column means, or, where the
 * terminal was too narrow for that column, each such bot's PnL since its start.
 */
function carriedLine(summary: SessionSummary, columnShown: boolean, width: number): string {
  const note = `  ${SINCE_START} includes the bot's earlier sessions`;
  if (columnShown)
    return textOf(
      firstThatFits([[span(`${note} (a restarted bot keeps its position and PnL)`)], [span(note)]], width),
    );
  const totals = summary.bots
    .filter((bot) => bot.carried === true)
    .map((bot) => `${bot.name} ${pnlText(bot.pnl)}`)
    .join(' · ');
  return textOf(
    firstThatFits(
      [
        [span(`  PnL since the bot's start (earlier sessions included): ${totals}`)],
        [span(`  since start: ${totals}`)],
      ],
      width,
    ),
  );
}

const REASONS: Readonly<Record<SessionSummary['reason'], string>> = {
  duration: 'duration reached',
  SIGINT: 'interrupted (Ctrl-C)',
  SIGTERM: 'terminated (SIGTERM)',
  halted: 'HALTED',
  failed: 'failed',
  stopped: 'stopped',
};

/** `12,345.67 USD, 1,000.00 EUR`: volume traded per quote currency across all bots. */
function tradedText(volumes: ReadonlyArray<{ quote: string; value: Decimal }>): string {
  const byQuote = new Map<string, Decimal>();
  for (const entry of volumes) {
    byQuote.set(entry.quote, (byQuote.get(entry.quote) ?? new Decimal(0)).plus(entry.value));
  }
  const parts = [...byQuote]
    .filter(([, value]) => !value.isZero())
    .map(([quote, value]) => `${amount(value)} ${quote}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/**
 * The end-of-run report. Given the terminal's `columns`, the bot table, pools and fee tier are fitted to it as the
 * live view fits them (columns dropped, the PnL never cut); without, every detail is shown. Its figures are the
 * session's (traded volume, placed, fills, PnL); a bot restarted with its saved state carries its earlier sessions'
 * PnL and volume over, and those totals are shown only where labelled as since the bot's start.
 */
export function renderSummary(summary: SessionSummary, title: string, columns?: number): string {
  const width = columns ?? Number.POSITIVE_INFINITY;
  const halted =
    summary.halted === undefined
      ? []
      : [
          `HALTED on ${summary.halted.code}: ${summary.halted.message}`,
          'No call was sent after the halt; check the key on Kraken (revoked? expired? wrong secret?).',
          '',
        ];
  // What this session traded (as PLACED and FILLS count); a restarted bot's earlier sessions only where labelled.
  const traded = tradedText(summary.bots.flatMap((bot) => bot.sessionVolume ?? bot.volume));
  const carried = carriesOver(summary);
  const table = botLines(summary, width);
  const headline = `SUMMARY  ${title}  ·  ${REASONS[summary.reason]} after ${formatDuration(summary.elapsedMs)}  ·  traded ${traded} this session`;
  // The bots' volume since their start, when a bot carries some over, as long as the line fits (it is never cut).
  const sinceStart = `${headline} (since the bots' start: ${tradedText(summary.bots.flatMap((bot) => bot.volume))})`;
  return [
    '',
    carried && sinceStart.length <= width ? sinceStart : headline,
    ...halted,
    ...table,
    ...(carried ? [carriedLine(summary, table[0]?.includes(SINCE_START) === true, width)] : []),
    '',
    ...poolLines(summary, width),
    ...(summary.positions === 0
      ? []
      : [
          `  ${summary.positions} margin position(s) stay open: shutdown cancels orders, it does not close positions`,
        ]),
    textOf(feeLine(summary, width)),
    '',
    ...rejectionLines(summary),
    ...orphanLines(summary).map(textOf),
    '',
    summary.auditLog === undefined
      ? 'audit trail: off'
      : `audit trail (every guard decision, JSONL): ${summary.auditLog}`,
    '',
  ].join('\n');
}
