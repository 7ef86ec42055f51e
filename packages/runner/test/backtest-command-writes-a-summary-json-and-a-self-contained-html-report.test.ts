import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, runCli } from '@krakenkit/runner/cli';
import { describe, expect, it } from 'vitest';
import { memoryIo, tempDir } from './support/memory-io.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/backtest/', import.meta.url));

describe('krakenkit backtest', () => {
  it('replays the example fixture offline and writes the JSON report and a self-contained HTML page', async () => {
    const out = tempDir();
    const io = memoryIo();
    const code = await runCli(
      ['backtest', join(EXAMPLE, 'bot.yaml'), '--data', join(EXAMPLE, 'XBTUSD_1.csv'), '--out', out],
      io,
    );
    expect(code, io.err()).toBe(EXIT.ok);
    expect(io.out()).toMatch(/BACKTEST {2}bot {2}· {2}2026-01-05 00:00 → 2026-01-08 00:00 UTC \(3d\)/);
    expect(io.out()).toMatch(/guard refusals:\n\s+\d+ × EGuard:Order notional exceeded/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect([report.format, report.version, report.totals.currency]).toEqual(['krakenkit-backtest', 1, 'USD']);
    expect(report.bots.map((bot: { name: string }) => bot.name)).toEqual(['cross', 'grid']);
    expect(report.trades.length).toBe(report.totals.trades);
    // Money is decimal text in the JSON, never a float.
    for (const trade of report.trades) expect(typeof trade.price).toBe('string');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('TradingView Lightweight Charts');
    expect(html).toContain('createSeriesMarkers');
    // Nothing is loaded from anywhere: no script, stylesheet, image or frame has a source.
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i);
    expect((statSync(join(out, 'report.html')).mode & 0o077).toString(8)).toBe('0');
  });

  it('reports a bad row with its file, line and field, and starts nothing (exit 2)', async () => {
    const dir = tempDir({
      'XBTUSD_1.csv': '1767225600,100,101,99,100.5,1,3\n1767225660,100.5,99,99.5,99.9,1,3\n',
    });
    const io = memoryIo();
    const code = await runCli(
      ['backtest', join(EXAMPLE, 'bot.yaml'), '--data', join(dir, 'XBTUSD_1.csv')],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(/XBTUSD_1\.csv:2: high: 99 is below the open, low or close of the row/);
  });

  it('takes --from and --to as ISO times or epoch seconds, and refuses a range the other way round', async () => {
    const out = tempDir();
    const io = memoryIo();
    const args = exampleBacktest(out);
    expect(await runCli([...args, '--from', '2026-01-06', '--to', '1767744000'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/2026-01-06 00:00 → 2026-01-07 00:00 UTC \(1d\)/);
    const bad = memoryIo();
    expect(await runCli([...args, '--from', '2026-01-07', '--to', '2026-01-06'], bad)).toBe(EXIT.usage);
    expect(bad.err()).toMatch(/--to must be later than --from/);
  });

  it('refuses epoch digits past the year 9999 as a usage error naming the flag, not a crash', async () => {
    const args = exampleBacktest();
    for (const text of ['99999999999999999999', '253402300800000']) {
      const bad = memoryIo();
      expect(await runCli([...args, '--to', text], bad), text).toBe(EXIT.usage);
      expect(bad.err()).toMatch(/--to: .*before the year 10000/);
    }
  });

  it('reads an ISO time without an offset as UTC, whatever the machine time zone, and refuses a date that does not exist', async () => {
    const args = exampleBacktest();
    const zone = process.env['TZ'];
    // The same command must replay the same span on every machine (the summary says UTC).
    process.env['TZ'] = 'America/New_York';
    try {
      const io = memoryIo();
      expect(await runCli([...args, '--from', '2026-01-06T00:00', '--to', '2026-01-06T12:00'], io)).toBe(
        EXIT.ok,
      );
      expect(io.out()).toMatch(/2026-01-06 00:00 → 2026-01-06 12:00 UTC \(12h/);
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
    for (const text of ['2026-02-30', '1/6/2026', '2026-01-06 00:00']) {
      const bad = memoryIo();
      expect(await runCli([...args, '--from', text], bad), text).toBe(EXIT.usage);
      expect(bad.err()).toMatch(/--from: expected an ISO 8601 time/);
    }
  });
});

/** `krakenkit backtest` of the example bot on its candles, writing to `out`. */
function exampleBacktest(out = tempDir()): string[] {
  return ['backtest', join(EXAMPLE, 'bot.yaml'), '--data', join(EXAMPLE, 'XBTUSD_1.csv'), '--out', out];
}
