import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { pidSpace } from '../src/state/pid-space.js';
import { type CliProcess, spawnCli } from './support/cli-process.js';
import { loopbackConfig, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { tempDir } from './support/memory-io.js';

const TREND = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2, fast: 1, slow: 2, maxEntries: 1, entryEvery: 0s, cooldown: 0s }
`;

const children: CliProcess[] = [];
const stops: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  for (const stop of stops.splice(0)) await stop();
});

/** Moves XBT/USD by `bps` basis points every 100 ms, so the trend follower sees a steady trend. */
function drive(exchange: Awaited<ReturnType<typeof startLoopbackExchange>>, bps: number): () => void {
  const timer = setInterval(() => {
    const mid = exchange.running.exchange.bookSnapshot('XBTUSD', 1).bids[0]?.price;
    if (mid === undefined) return;
    const next = Number(mid) * (1 + bps / 10_000);
    exchange.running.exchange.setPrice('XBTUSD', next.toFixed(1));
  }, 100);
  return () => clearInterval(timer);
}

describe('a session killed with kill -9', () => {
  it('is adopted by the next one: the grid keeps its 6 orders (not 12) and the trend follower its position', async () => {
    const exchange = await startLoopbackExchange();
    stops.push(() => exchange.close());
    const dir = tempDir();
    const config = join(dir, 'bot.yaml');
    writeFileSync(config, loopbackConfig(exchange.running.url, `${wideGrid()}${TREND}`));
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

    // The first session rests its grid and enters a long on an up trend; then it dies without a word.
    let stopDriving = drive(exchange, 10);
    stops.push(() => stopDriving());
    const first = spawnCli(args('first'), exchange.env);
    children.push(first);
    await first.waitForLines('grid: placed', 6, 'the first grid of 6 resting');
    await first.waitForOut(/trend: filled buy 0\.01 XBT\/USD/, 'the trend entry filled');
    const grid = exchange.openTxids().sort();
    expect(grid).toHaveLength(6);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(exchange.position('XBTUSD').toFixed()).toBe('0.01');

    // The next session takes over the dead session's leases, then adopts both bots' leftovers before its first tick.
    const second = spawnCli(args('second'), exchange.env);
    children.push(second);
    await second.waitForOut(/grid: adopted 6 resting order\(s\)/, 'the grid adopted');
    await second.waitForOut(
      /trend: adopted 0 resting order\(s\).*position \+0\.01 XBT\/USD/,
      'the position adopted',
    );
    const adoptedAt = second.out().length;
    // Each reconciliation comes in a cycle of its own, after that cycle's ticks: two of them mean the grid has seen
    // ticks and the trend follower an up trend over at least the two ticks its slow EMA needs to call it one.
    await second.waitForLines('reconciled with the exchange', 2, 'two cycles after adoption', adoptedAt);
    expect(exchange.openTxids().sort()).toEqual(grid);
    const afterRestart = second.out().slice(second.out().indexOf('started'));
    expect(afterRestart).not.toMatch(/grid: placed/);
    expect(afterRestart).not.toMatch(/trend: placed buy/);
    expect(exchange.position('XBTUSD').toFixed()).toBe('0.01');

    // It knows the position it holds: when the trend turns it closes exactly that, reduce-only (a bot that knew
    // of no position would open a short instead).
    stopDriving();
    stopDriving = drive(exchange, -10);
    await second.waitForOut(/trend: placed sell 0\.01 XBT\/USD market 2x reduce-only/, 'the position closed');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(EXIT.interrupted);
    // The only thing it had to say: the killed session's process no longer runs on this host, so its leases were
    // taken over at once (where that cannot be proven, as off Linux, they are waited out until they expire).
    const notices = /krakenkit: warning: bot "\w+": its last session .* (lease taken over|to expire)\n/g;
    expect(second.err().replace(notices, '')).toBe('');
    if (pidSpace() !== undefined) expect(second.err()).toMatch(/lease taken over/);
    // A clean stop cancels the grid it adopted; nothing rests, no other session runs: the switch is off.
    expect(exchange.openTxids()).toEqual([]);
    expect(exchange.account().deadMan).toBeUndefined();
  });
});
