import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BacktestDataError, loadMarketData } from '@krakenkit/runner';
import { EXIT, runCli } from '@krakenkit/runner/cli';
import { describe, expect, it } from 'vitest';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function linesOf(file: string): Array<Record<string, unknown>> {
  try {
    return lines(file);
  } catch {
    return [];
  }
}

describe('krakenkit record', () => {
  it('writes the embedded mock feed until Ctrl-C, and the backtester replays the recording', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const file = join(dir, 'feed.jsonl');
    const io = memoryIo();
    const recording = runCli(['record', '--pair', 'XBT/USD', '--out', file], io);
    await waitFor(
      () => linesOf(file).filter((line) => line['channel'] === 'ticker').length >= 6,
      'six ticker messages recorded',
    );
    io.interrupt('SIGINT');
    expect(await recording).toBe(EXIT.interrupted);
    const [header, ...rest] = lines(file);
    expect(header).toMatchObject({
      format: 'krakenkit-recording',
      version: 1,
      source: 'mock',
      pairs: [{ id: 'XXBTZUSD', symbol: 'BTC/USD' }],
      channels: ['ticker', 'trade', 'ohlc'],
      intervals: [1],
    });
    expect(rest.at(-1)).toMatchObject({ end: { reason: 'stopped' } });
    expect(new Set(rest.slice(0, -1).map((line) => line['channel']))).toEqual(
      new Set(['ticker', 'trade', 'ohlc']),
    );

    const backtest = memoryIo();
    const out = join(dir, 'report');
    const code = await runCli(['backtest', join(dir, 'bot.yaml'), '--data', file, '--out', out], backtest);
    expect(code, backtest.err()).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.run.pricePoints).toBeGreaterThanOrEqual(6);
    expect(report.placed).toBeGreaterThan(0);
  });

  it('stops before the file passes --max-bytes, ending it cleanly', async () => {
    const file = join(tempDir(), 'small.jsonl');
    const io = memoryIo();
    expect(await runCli(['record', '--pair', 'ETH/USD', '--out', file, '--max-bytes', '3k'], io)).toBe(
      EXIT.ok,
    );
    expect(statSync(file).size).toBeLessThanOrEqual(3 * 1024);
    expect(lines(file).at(-1)).toMatchObject({ end: { reason: 'size' } });
  });
});

describe('a recording', () => {
  const header = {
    format: 'krakenkit-recording',
    version: 1,
    source: 'kraken',
    startedAt: 0,
    pairs: [{ id: 'XXBTZUSD', symbol: 'BTC/USD' }],
    channels: ['ticker', 'ohlc'],
    intervals: [1],
    maxBytes: 1_000_000,
  };
  const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
  const ohlc = (t: number, begin: number, close: string) => ({
    t,
    channel: 'ohlc',
    type: 'update',
    symbol: 'BTC/USD',
    data: [
      {
        symbol: 'BTC/USD',
        open: '100',
        high: '101',
        low: '99',
        close,
        volume: '2',
        trades: 5,
        interval: 1,
        interval_begin: minute(begin),
      },
    ],
  });
  const ticker = (t: number, bid: string, ask: string) => ({
    t,
    channel: 'ticker',
    type: 'update',
    symbol: 'BTC/USD',
    data: [{ symbol: 'BTC/USD', bid, ask, last: bid }],
  });
  const write = (...values: unknown[]) => {
    const file = join(tempDir(), 'feed.jsonl');
    writeFileSync(
      file,
      values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n'),
    );
    return file;
  };
  const base = Date.UTC(2026, 0, 1);

  it('gives prices from the ticker mids and closes a candle when the next interval begins', () => {
    const file = write(
      header,
      ticker(base + 1_000, '99.5', '100.5'),
      ohlc(base + 2_000, 0, '100.2'),
      ohlc(base + 30_000, 0, '100.4'),
      ticker(base + 61_000, '100.9', '101.1'),
      ohlc(base + 62_000, 1, '101'),
      { end: { t: base + 90_000, reason: 'stopped', messages: 5 } },
    );
    const [source] = loadMarketData([file]);
    expect([source?.pair, source?.interval]).toEqual(['XXBTZUSD', '1m']);
    const events = [...(source?.events(0, Number.POSITIVE_INFINITY) ?? [])].map((event) =>
      event.kind === 'price'
        ? `${event.at - base} ${event.price}`
        : `${event.at - base} candle ${event.candle.close.toFixed()}`,
    );
    // The minute-1 candle is still forming when the recording ends (at 90 s): it is not reported closed.
    expect(events).toEqual(['1000 100', '61000 101', '62000 candle 100.4']);
  });

  it('leaves out a last line cut short by a killed recorder, and names the line of any other bad one', () => {
    const cut = write(header, ticker(base, '99.5', '100.5'), '{"t":17672256');
    expect(loadMarketData([cut])[0]?.rows).toBe(1);
    const bad = write(header, ticker(base, '99.5', 'x'), ticker(base + 1, '99.5', '100.5'));
    expect(() => loadMarketData([bad])).toThrow(BacktestDataError);
    expect(() => loadMarketData([bad])).toThrow(
      /feed\.jsonl:2: data\[0\]\.ask: expected decimal text, got "x"/,
    );
  });
});
