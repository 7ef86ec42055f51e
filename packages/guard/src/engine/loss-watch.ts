import type { CompiledRules, LossLimit } from '../config/compile.js';
import type { Dec } from '../decimal.js';
import type { GuardState } from '../state/guard-state.js';
import { type ScopeLedger, utcDay, type Valuer } from '../state/pnl-ledger.js';
import { accountEquity, valuerOf } from './valuation.js';

/**
 * Before a fill or a price change at `now`: a ledger entering a new UTC day takes its day-start PnL from the
 * prices and fills as they were, so the change counts in the new day.
 */
export function rollLossDays(rules: CompiledRules, state: GuardState, now: number): void {
  const valuer = valuerOf(rules, state, now);
  for (const ledger of state.pnl.scopes())
    if (ledger.day !== utcDay(now)) ledger.rollDay(now, ledger.value(valuer));
}

/**
 * After a fill or a price change: each ledger's peak follows its PnL up, and a loss limit crossed now is latched,
 * so the halt holds (daily: for the rest of the UTC day; drawdown: for the life of the guard) even if prices
 * recover before the next order is checked. Only state changes get here: check() stays pure.
 */
export function watchLosses(rules: CompiledRules, state: GuardState, now: number): void {
  const valuer = valuerOf(rules, state, now);
  const { lossLimits } = rules;
  for (const [ledger, limit] of [
    [state.pnl.account, lossLimits.account] as const,
    ...[...state.pnl.bots].map(([name, ledger]) => [ledger, lossLimits.bots.get(name)] as const),
  ]) {
    const value = ledger.value(valuer);
    ledger.notePeak(value);
    if (limit === undefined || value.usd === undefined) continue;
    latch(ledger, limit, value.usd, now, ledger === state.pnl.account ? state : undefined, valuer);
  }
}

function latch(
  ledger: ScopeLedger,
  limit: LossLimit,
  pnl: Dec,
  now: number,
  account: GuardState | undefined,
  valuer: Valuer,
): void {
  const day = utcDay(now);
  const loss = ledger.dayPnl(pnl, now).neg();
  if (limit.dailyLossUsd !== undefined && loss.gt(limit.dailyLossUsd)) {
    const kept = ledger.daily?.day === day ? ledger.daily.amount : undefined;
    if (kept === undefined || loss.gt(kept)) ledger.daily = { day, amount: loss };
  }
  const drawdown = ledger.peakUsd.minus(pnl);
  if (limit.drawdownUsd !== undefined && drawdown.gt(limit.drawdownUsd)) {
    if (ledger.drawdown === undefined || drawdown.gt(ledger.drawdown.amount))
      ledger.drawdown = { day, amount: drawdown, peak: ledger.peakUsd, now: pnl };
  }
  if (limit.drawdownPercent === undefined || account === undefined) return;
  const equity = accountEquity(account, valuer, { usd: pnl });
  if (!('usd' in equity)) return;
  const peakEquity = equity.balancesUsd.plus(ledger.peakUsd);
  if (peakEquity.lte(0)) return;
  const percent = drawdown.div(peakEquity).times(100);
  if (!percent.gt(limit.drawdownPercent)) return;
  const kept = ledger.drawdownPercent?.percent;
  if (kept === undefined || percent.gt(kept))
    ledger.drawdownPercent = { day, amount: drawdown, percent, peak: peakEquity, now: equity.usd };
}
