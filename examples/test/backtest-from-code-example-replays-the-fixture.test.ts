import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticCandleRows } from '../../packages/runner/src/backtest/synthetic-candles.js';
import { FIXTURE, main } from '../backtest-from-code.js';

describe('examples/backtest-from-code.ts', () => {
  it('replays the fixture offline: its candle strategy trades, and the summary is printed', async () => {
    const lines: string[] = [];
    const result = await main({ log: (text) => lines.push(text) });
    expect(result.data).toEqual([{ file: FIXTURE, pair: 'XBT/USD', interval: '1m', rows: 4320 }]);
    expect(result.run.candles).toBe(4320);
    const [bot] = result.bots;
    expect(bot?.counters.fills).toBeGreaterThan(0);
    expect(bot?.errors).toEqual([]);
    expect(
      result.totals.net.eq(result.totals.realised.plus(result.totals.unrealised).minus(result.totals.fees)),
    ).toBe(true);
    expect(lines.join('\n')).toMatch(
      /BACKTEST {2}backtest-from-code {2}· {2}2026-01-05 00:00 → 2026-01-08 00:00 UTC/,
    );
  });

  it('gives the same trades on every run (the clock follows the data, nothing depends on the wall clock)', async () => {
    const trades = async () =>
      (await main({ log: () => undefined })).trades.map(
        (t) => `${t.at} ${t.side} ${t.volume} @${t.price} fee ${t.fee}`,
      );
    expect(await trades()).toEqual(await trades());
  });

  it('ships a fixture that the generator its README names makes, byte for byte', () => {
    const rows = [
      ...syntheticCandleRows({ seed: 2026, start: Date.UTC(2026, 0, 5), count: 4320, price: 65_000 }),
    ];
    expect(readFileSync(FIXTURE, 'latin1')).toBe(`${rows.join('\n')}\n`);
  });
});
