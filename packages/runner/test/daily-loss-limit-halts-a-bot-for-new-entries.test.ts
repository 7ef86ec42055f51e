import { ConfigError } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { paperConfig } from './support/configs.js';
import { waitFor } from './support/memory-io.js';
import { startPaper } from './support/paper-session.js';

// Two DCA bots buying XBT/USD at market; only "loser" has a daily loss limit.
const BOTS = `  - name: loser
    key: trader
    strategy: dca
    pairs: [XBT/USD]
    params: { amount: "1000", every: 200ms }
    limits: { maxDailyLossUsd: "50" }
  - name: other
    key: trader
    strategy: dca
    pairs: [XBT/USD]
    params: { amount: "1000", every: 200ms }
`;

const lossRefusal = (event: SessionEvent, bot: string) =>
  event.type === 'guard-rejected' &&
  event.bot === bot &&
  event.violations.some((violation) => violation.code === 'EGuard:Daily loss limit exceeded');

describe('a bot that hits its daily loss limit on the mock is halted for new entries', () => {
  it('refuses its buys with the numbers once it lost more than its limit today; the other bot trades on', async () => {
    const events: SessionEvent[] = [];
    const session = await startPaper(paperConfig(BOTS), { onEvent: (event) => events.push(event) });
    try {
      const fills = (bot: string) =>
        events.filter((event) => event.type === 'fill' && event.bot === bot).length;
      await waitFor(() => fills('loser') >= 1, 'a fill of the loser bot');
      // A crash to 40,000 (from about 65,000, wherever the random walk has taken it): every 1,000 USD the loser
      // bought is now worth less than 700, far past its 50 USD limit.
      const mock = session.connection.mock;
      if (mock === undefined) throw new Error('expected the embedded mock');
      expect(session.connection.guard.snapshot().pnl.bots['loser']).toBeDefined();
      mock.exchange.setPrice('XBT/USD', '40000.0');
      await waitFor(() => events.some((event) => lossRefusal(event, 'loser')), 'a daily-loss refusal');
      const refusal = events.find((event) => lossRefusal(event, 'loser'));
      if (refusal?.type !== 'guard-rejected') throw new Error('unreachable');
      expect(refusal.violations[0]?.message).toMatch(
        /^bot "loser" has lost \d+(\.\d+)? USD today \(UTC day \d{4}-\d\d-\d\d, fees included, open positions at the mid\), above its daily loss limit of 50 USD: only orders that reduce its positions pass until 00:00 UTC$/,
      );
      // The other bot has no limit: it keeps buying after the loser was halted.
      const otherFillsAtHalt = fills('other');
      await waitFor(() => fills('other') > otherFillsAtHalt, 'the other bot filling after the halt');
      expect(events.some((event) => lossRefusal(event, 'other'))).toBe(false);
      // Every loser order after the first refusal is refused (the halt holds for the rest of the UTC day).
      const after = events.slice(events.indexOf(refusal) + 1);
      expect(after.some((event) => event.type === 'placed' && event.bot === 'loser')).toBe(false);
      const pnl = session.connection.guard.snapshot().pnl.bots['loser'];
      expect(Number(pnl?.dayPnl)).toBeLessThan(-50);
      expect(pnl?.halted).toBe('daily-loss');
    } finally {
      await session.stop();
    }
  });

  it('validates bot and account limits in the bot file with file:line:column', () => {
    const yaml = paperConfig(
      BOTS.replace('limits: { maxDailyLossUsd: "50" }', 'limits: { maxDailyLossUsd: 50, maxDrawdownPct: 5 }'),
      `guard:
  rules:
    lossLimits:
      account: { maxDrawdownPercent: 0 }
      bots:
        nobody: { maxDailyLossUsd: "10" }
`,
    );
    let issues: readonly { path: string; line?: number; column?: number; message: string }[] = [];
    try {
      loadBotConfig(yaml, { file: 'bot.yaml' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      issues = (error as ConfigError).issues;
    }
    const at = (path: string) => issues.find((issue) => issue.path === path);
    expect(at('bots[0].limits.maxDailyLossUsd')).toMatchObject({ file: 'bot.yaml', line: 25, column: 32 });
    expect(at('bots[0].limits.maxDailyLossUsd')?.message).toMatch(/decimal string/);
    expect(at('bots[0].limits.maxDrawdownPct')?.message).toMatch(/unknown key/);
    expect(at('guard.rules.lossLimits.account.maxDrawdownPercent')).toMatchObject({ line: 15 });
    expect(at('guard.rules.lossLimits.bots.nobody')?.message).toBe(
      'no bot named "nobody" (bots: loser, other): a limit for a bot that does not exist would never apply',
    );
  });
});
