import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, runCli } from '@krakenkit/runner/cli';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackExchange, loopbackConfig, startLoopbackExchange } from './support/loopback-exchange.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

// A grid on XBT/USD that also asks for its 5-minute candles in the bot file (recorded next to the 1-minute ones).
const BOT = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
    candles: { intervals: 5m }
`;

function linesOf(file: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    // Not written yet, or its last line half written: read again on the next look.
    return [];
  }
}

let exchange: LoopbackExchange | undefined;
afterEach(async () => {
  await exchange?.close();
  exchange = undefined;
});

describe('krakenkit record --live', () => {
  it('records the feed of the config’s exchange (exchange.restUrl, its /v2 socket) into a file the backtester replays', async () => {
    exchange = await startLoopbackExchange('record-live');
    const running = exchange.running;
    const dir = tempDir({ 'bot.yaml': loopbackConfig(running.url, BOT) });
    const file = join(dir, 'live.jsonl');
    const io = memoryIo({ cwd: dir });
    const recording = runCli(['record', 'bot.yaml', '--live', '--out', 'live.jsonl'], io);
    const count = (channel: string, interval?: number) =>
      linesOf(file).filter(
        (line) =>
          line['channel'] === channel &&
          (interval === undefined ||
            (line['data'] as Array<{ interval?: number }>).some((entry) => entry.interval === interval)),
      ).length;
    await waitFor(
      () => count('ticker') >= 6 && count('ohlc', 1) >= 1 && count('ohlc', 5) >= 1,
      'six tickers and candles of both intervals recorded',
    );
    // Over a real socket to the loopback exchange, not to Kraken.
    expect(running.ws.connectionCount).toBe(1);
    io.interrupt('SIGINT');
    expect(await recording, io.err()).toBe(EXIT.interrupted);
    expect(io.err()).toContain(`from Kraken (${running.wsUrl})`);
    await waitFor(() => running.ws.connectionCount === 0, 'the recorder’s socket closed');

    const [header, ...rest] = linesOf(file);
    expect(header).toMatchObject({
      format: 'krakenkit-recording',
      version: 1,
      source: 'kraken',
      pairs: [{ id: 'XXBTZUSD', symbol: 'BTC/USD' }],
      channels: ['ticker', 'trade', 'ohlc'],
      intervals: [1, 5],
    });
    expect(rest.at(-1)).toMatchObject({ end: { reason: 'stopped' } });
    const messages = rest.slice(0, -1);
    expect(messages.every((line) => typeof line['t'] === 'number' && line['symbol'] === 'BTC/USD')).toBe(
      true,
    );
    // Decimals are kept as the exchange wrote them: text, never a float.
    const ticker = messages.find((line) => line['channel'] === 'ticker') as { data: Array<{ bid: unknown }> };
    expect(ticker.data[0]?.bid).toMatch(/^\d+\.\d+$/);

    const backtest = memoryIo({ cwd: dir });
    const code = await runCli(['backtest', 'bot.yaml', '--data', 'live.jsonl', '--out', 'report'], backtest);
    expect(code, backtest.err()).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8'));
    // Every ticker became a price point of the replay; the grid traded on them.
    expect(report.run.pricePoints).toBe(messages.filter((line) => line['channel'] === 'ticker').length);
    expect(report.placed).toBeGreaterThan(0);
  });
});
