import { Decimal } from '@krakenkit/core';
import { formatDuration } from '../config/duration.js';
import type { SessionSummary } from '../engine/session-status.js';
import { amount } from './format.js';
import { botLines, feeLine, orphanLines, poolLines, rejectionLines } from './status-view.js';

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

/** The end-of-run report. */
export function renderSummary(summary: SessionSummary, title: string): string {
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
    ...botLines(summary),
    '',
    ...poolLines(summary),
    ...(summary.positions === 0
      ? []
      : [
          `  ${summary.positions} margin position(s) stay open: shutdown cancels orders, it does not close positions`,
        ]),
    feeLine(summary),
    '',
    ...rejectionLines(summary),
    ...orphanLines(summary),
    '',
    summary.auditLog === undefined
      ? 'audit trail: off'
      : `audit trail (every guard decision, JSONL): ${summary.auditLog}`,
    '',
  ].join('\n');
}
