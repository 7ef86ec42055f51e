import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { type CliProcess, spawnCli } from './support/cli-process.js';
import { loopbackConfig, startLoopbackExchange } from './support/loopback-exchange.js';
import { tempDir } from './support/memory-io.js';

const PROTECTED_TREND = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2, fast: 1, slow: 2, maxEntries: 1, entryEvery: 0s, cooldown: 0s, direction: long }
    protect: { stopLoss: 2%, takeProfit: 4% }
`;

const children: CliProcess[] = [];
const stops: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  for (const stop of stops.splice(0)) await stop();
});

describe('a protected position whose process is killed with kill -9', () => {
  it('is closed by the exchange when the price falls through its stop; the next session adopts the stop’s end and cancels the take-profit left over', async () => {
    const exchange = await startLoopbackExchange('runner-protection');
    stops.push(() => exchange.close());
    const dir = tempDir();
    const config = join(dir, 'bot.yaml');
    writeFileSync(
      config,
      loopbackConfig(exchange.running.url, PROTECTED_TREND).replace(
        'deadManSwitch: { timeout: 60s, refresh: 20s }',
        'deadManSwitch: false',
      ),
    );
    const args = (name: string) => [
      'run',
      config,
      '--live',
      '--status',
      'plain',
      '--store',
      join(dir, 'state'),
      '--log-file',
      join(dir, `${name}.log`),
      '--audit-log',
      join(dir, `${name}-audit.jsonl`),
    ];
    const market = exchange.running.exchange;
    const timer = setInterval(() => {
      const bid = market.bookSnapshot('XBTUSD', 1).bids[0]?.price;
      if (bid !== undefined) market.setPrice('XBTUSD', (Number(bid) * 1.001).toFixed(1));
    }, 100);
    stops.push(() => clearInterval(timer));

    const first = spawnCli(args('first'), exchange.env);
    children.push(first);
    await first.waitForOut(/trend: placed sell 0\.01 XBT\/USD stop-loss/, 'the stop claimed');
    await first.waitForOut(/trend: placed sell 0\.01 XBT\/USD take-profit/, 'the take-profit placed');
    clearInterval(timer);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(exchange.position('XBTUSD').toFixed()).toBe('0.01');
    const resting = [...exchange.account().openOrders()];
    expect(resting.map((order) => order.ordertype).sort()).toEqual(['stop-loss', 'take-profit']);

    // No process watches the position: the price falls through the stop, and the exchange closes it.
    const stop = resting.find((order) => order.ordertype === 'stop-loss');
    market.setPrice('XBTUSD', (stop?.price?.times(0.995) ?? 0).toFixed(1));
    expect(exchange.position('XBTUSD').toFixed()).toBe('0');

    // The next session takes the stop back as the bot's own order (not an orphan), learns that it filled, and
    // cancels the take-profit that now protects nothing.
    const second = spawnCli(args('second'), exchange.env);
    children.push(second);
    await second.waitForOut(
      /trend: adopted 1 resting order\(s\) from its last session; 1 ended while it was down/,
      'adopted',
    );
    await second.waitForOut(
      /trend: order XXBTZUSD:entry1#tp cancelled/,
      'the leftover take-profit cancelled',
    );
    expect(second.out()).not.toMatch(/orphan/);
    expect(exchange.openTxids()).toEqual([]);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(EXIT.interrupted);
    expect(exchange.position('XBTUSD').toFixed()).toBe('0');
  });
});
