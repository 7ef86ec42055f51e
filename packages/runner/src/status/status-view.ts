import { Decimal } from '@krakenkit/core';
import { formatDuration } from '../config/duration.js';
import type { SessionStatus } from '../engine/session-status.js';
import { describeEvent } from './event-text.js';
import { amount, bar, clock, signed, smart, table } from './format.js';

/** The header line: config name, exchange, tier, trading state, time. */
export function headerLine(status: SessionStatus, title: string): string {
  const where =
    status.exchange.kind === 'mock'
      ? `mock exchange ${status.exchange.baseUrl}`
      : `Kraken ${status.exchange.baseUrl}`;
  const time = `${formatDuration(status.elapsedMs)}${status.durationMs === undefined ? '' : ` / ${formatDuration(status.durationMs)}`}`;
  return `krakenkit  ${title}  ·  ${where}  ·  tier ${status.tier}  ·  ${status.tradingState}  ·  ${time}`;
}

/** One row per bot: orders, fills, refusals, PnL. */
export function botLines(status: SessionStatus): string[] {
  const rows = [['BOT', 'STRATEGY', 'PAIRS', 'OPEN', 'PLACED', 'FILLS', 'GUARD-REJ', 'EXCH-REJ', 'PnL']];
  for (const bot of status.bots) {
    const pnl = bot.pnl.map((entry) => `${signed(entry.value)} ${entry.quote}`).join(', ');
    rows.push([
      bot.halted === undefined ? bot.name : `${bot.name} [HALTED]`,
      bot.strategy,
      bot.pairs.join(','),
      String(bot.open),
      bot.validated > 0 ? `${bot.placed} (+${bot.validated} validated)` : String(bot.placed),
      String(bot.fills),
      String(bot.guardRejected),
      String(bot.exchangeRejected + bot.failed),
      pnl,
    ]);
  }
  return table(rows);
}

/** Margin pools in use against their allowances. */
export function poolLines(status: Pick<SessionStatus, 'pools'>): string[] {
  if (status.pools.length === 0) return ['MARGIN POOLS  none in use'];
  const rows = status.pools.map((pool) => {
    const used = new Decimal(pool.total);
    const allowance = new Decimal(pool.allowance);
    const ratio = allowance.isZero() ? 1 : used.div(allowance).toNumber();
    return [`  ${pool.currency}`, `${smart(used)} / ${smart(allowance)}`, bar(ratio)];
  });
  return ['MARGIN POOLS  borrowed / allowance', ...table(rows)];
}

/** Fee tier and progress towards the next 30-day volume tier. */
export function feeLine(status: SessionStatus): string {
  const fee = status.fee;
  if (fee === undefined) return 'FEE TIER  unknown (TradeVolume not available to this key)';
  const now = `taker ${fee.taker?.toFixed(2) ?? '?'}% maker ${fee.maker?.toFixed(2) ?? '?'}%`;
  if (fee.nextVolume === undefined)
    return `FEE TIER  30-day volume $${amount(fee.volume30d, 0)} · ${now} · top tier`;
  const next = `next tier at $${amount(fee.nextVolume, 0)} (${fee.nextTaker?.toFixed(2) ?? '?'}% / ${fee.nextMaker?.toFixed(2) ?? '?'}%)`;
  return `FEE TIER  30-day volume $${amount(fee.volume30d, 0)} · ${now} · ${next} ${fee.progress === undefined ? '' : bar(fee.progress, 10)}`;
}

/** Refusals by reason: the guard's, then the exchange's. */
export function rejectionLines(status: SessionStatus): string[] {
  const lines = [
    status.guardRejections.length === 0 ? 'GUARD REJECTIONS  none' : 'GUARD REJECTIONS  by reason',
  ];
  for (const [code, count] of status.guardRejections) lines.push(`  ${String(count).padStart(4)} × ${code}`);
  if (status.exchangeRejections.length > 0) {
    lines.push('EXCHANGE REJECTIONS  by Kraken code');
    for (const [code, count] of status.exchangeRejections)
      lines.push(`  ${String(count).padStart(4)} × ${code}`);
  }
  return lines;
}

/** Open orders no live session owns, while there are any (the orphans event lists them). */
export function orphanLines(status: Pick<SessionStatus, 'orphans'>): string[] {
  if (status.orphans === 0) return [];
  return [
    `ORPHANS  ${status.orphans} open order(s) on the key no live session owns (listed in the log); --cancel-orphans cancels them`,
  ];
}

/** The whole live view, one string per line. */
export function renderStatus(status: SessionStatus, title: string): string[] {
  const recent = status.recent.slice(-6).map((event) => `  ${clock(event.at)} ${describeEvent(event)}`);
  return [
    headerLine(status, title),
    '',
    ...botLines(status),
    '',
    ...poolLines(status),
    feeLine(status),
    '',
    ...rejectionLines(status),
    ...orphanLines(status),
    '',
    'RECENT',
    ...recent,
    '',
    'Ctrl-C stops (open orders are cancelled or kept per run.onShutdown)',
  ];
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
  return `status ${time} ${status.tradingState}: ${placed} placed, ${fills} fills, ${refused} refused by the guard${pools === '' ? '' : `; pools ${pools}`}${orphans}`;
}
