import { Decimal } from '@krakenkit/core';
import { formatDuration } from '../config/duration.js';
import type { SessionSummary } from '../engine/session-status.js';
import { amount } from './format.js';
import { feeLine, orphanLines } from './status-parts.js';
import { botLines, poolLines, rejectionLines } from './status-view.js';
import { textOf } from './styled-line.js';

const REASONS: Readonly<Record<SessionSummary['reason'], string>> = {
  duration: 'duration reached',
  SIGINT: 'interrupted (Ctrl-C)',
  SIGTERM: 'terminated (SIGTERM)',
  halted: 'HALTED',
  failed: 'failed',
  stopped: 'stopped',
};

/** `12,345.67 USD, 1,000.00 EUR`: volume traded per quote currency across all bots. */
function tradedText(summary: SessionSummary): string {
  const byQuote = new Map<string, Decimal>();
  for (const entry of summary.bots.flatMap((bot) => bot.volume)) {
    byQuote.set(entry.quote, (byQuote.get(entry.quote) ?? new Decimal(0)).plus(entry.value));
  }
  const parts = [...byQuote]
    .filter(([, value]) => !value.isZero())
    .map(([quote, value]) => `${amount(value)} ${quote}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/**
 * The end-of-run report. Given the terminal's `columns`, the bot table, pools and fee tier are fitted to it as the
 * live view fits them (columns dropped, the PnL never cut); without, every detail is shown.
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
  const traded = tradedText(summary);
  return [
    '',
    `SUMMARY  ${title}  ·  ${REASONS[summary.reason]} after ${formatDuration(summary.elapsedMs)}  ·  traded ${traded}`,
    ...halted,
    ...botLines(summary, width),
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
