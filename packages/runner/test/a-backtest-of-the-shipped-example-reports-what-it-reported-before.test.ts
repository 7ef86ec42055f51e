import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backtestReport, loadBotConfig, loadMarketData, runBacktest } from '@krakenkit/runner';
import { describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('../../../examples/backtest/', import.meta.url));

/**
 * The report of the shipped example (examples/backtest: an EMA crossover and a grid over three days of minutes,
 * the guard refusing some orders), as recorded when it was last checked: work on the replay's speed must leave every
 * trade, fee, sample and refusal where it was. A change meant to move them (a strategy, a guard rule, an exchange
 * rule) records the new summary and digest here, after checking the figures.
 */
const RECORDED = {
  summary: {
    totals: {
      currency: 'USD',
      realised: '26',
      unrealised: '10.866',
      fees: '50.4834',
      marginCosts: '0',
      net: '-13.6174',
      trades: 27,
      volume: '20187.285',
    },
    maxDrawdown: {
      amount: '41.872',
      percentOfEquity: '0.0507',
      peakAt: '2026-01-06T13:51:00.000Z',
      troughAt: '2026-01-08T00:00:00.000Z',
    },
    exposure: {
      timeInMarket: 0.9692200879426058,
      maxNotional: '6332.607',
      maxAt: '2026-01-06T13:51:00.000Z',
    },
    placed: 35,
    refusals: { guard: { 'EGuard:Order notional exceeded': 5 }, exchange: {}, failed: {} },
    run: { pricePoints: 17280, candles: 4320 },
  },
  /** sha256 of the whole JSON report (trades, curve, chart bars and markers included), less its wall time. */
  digest: '2615830b4dcce5f919f1dd4881be04d048e6612267f88c06f15cbf62fc67dffd',
};

describe('the backtest of the shipped example', () => {
  it('reports the trades, PnL, fees, drawdown and refusals it reported when last checked', async () => {
    const config = loadBotConfig(join(EXAMPLE, 'bot.yaml'));
    const result = await runBacktest(config, { data: loadMarketData([join(EXAMPLE, 'XBTUSD_1.csv')]) });
    const report = backtestReport(result) as Record<string, unknown> & {
      data: Array<{ file: string }>;
      run: Record<string, unknown>;
    };
    // Where the checkout lies and how long the run took are no part of what the backtest found.
    const { wallMs: _wallMs, ...run } = report.run;
    const stable = {
      ...report,
      data: report.data.map((source) => ({ ...source, file: basename(source.file) })),
      run,
    };
    const { totals, maxDrawdown, exposure, placed, refusals } = stable as unknown as typeof RECORDED.summary;
    expect({ totals, maxDrawdown, exposure, placed, refusals, run }).toEqual(RECORDED.summary);
    expect(createHash('sha256').update(JSON.stringify(stable)).digest('hex')).toBe(RECORDED.digest);
  });
});
