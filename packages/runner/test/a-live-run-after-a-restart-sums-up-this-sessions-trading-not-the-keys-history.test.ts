/**
 * `krakenkit run --live` twice on one key and store (a loopback mock exchange as Kraken): the second session's bots
 * adopt their saved state, PnL ledger included, yet its SUMMARY says what it traded itself, as its PLACED and
 * FILLS do; the first session's trading shows only as the labelled totals since the bots' start.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loopbackConfig, startLoopbackExchange } from './support/loopback-exchange.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const BOTS = `  - name: eth-dca
    key: trader
    strategy: dca
    pairs: [ETH/USD]
    params: { volume: "0.1", every: 300ms, maxOrders: 6 }
  - name: btc-dca
    key: trader
    strategy: dca
    pairs: [XBT/USD]
    params: { volume: "0.001", every: 300ms, maxOrders: 1 }
`;

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FILL = /^\d\d:\d\d:\d\d (\S+): filled (?:buy|sell) ([\d.]+) \S+ @ ([\d.]+)/;

/** The quote notional of each fill line the session printed, by bot. */
function fillsOf(out: string): Map<string, Decimal[]> {
  const fills = new Map<string, Decimal[]>();
  for (const line of out.split('\n')) {
    const match = FILL.exec(line);
    if (match === null) continue;
    const [, bot = '', volume = '0', price = '0'] = match;
    fills.set(bot, [...(fills.get(bot) ?? []), new Decimal(volume).times(price)]);
  }
  return fills;
}

const total = (values: readonly Decimal[]) => values.reduce((sum, value) => sum.plus(value), new Decimal(0));
const usd = (text: string) => new Decimal(text.replaceAll(',', ''));

/** The summary's bot row as its cells (columns are two or more spaces apart). */
function row(out: string, bot: string): string[] {
  const summary = out.slice(out.lastIndexOf('SUMMARY'));
  return (summary.split('\n').find((line) => line.startsWith(`${bot} `)) ?? '').split(/ {2,}/);
}

describe('the summary of a live session after a restart', () => {
  it("counts this session's traded volume, fills and PnL, and labels the totals carried over", async () => {
    const exchange = await startLoopbackExchange();
    cleanups.push(() => exchange.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'bot.yaml'), loopbackConfig(exchange.running.url, BOTS));
    const run = (name: string) => {
      const io = memoryIo({ cwd: dir, env: exchange.env });
      const args = ['run', 'bot.yaml', '--live', '--store', 'state', '--log-file', join(dir, `${name}.log`)];
      return { io, code: runCli([...args, '--audit-log', join(dir, `${name}-audit.jsonl`)], io) };
    };

    // Session 1: both bots trade; nothing is carried over yet.
    const first = run('first');
    await waitFor(() => (fillsOf(first.io.out()).get('eth-dca')?.length ?? 0) >= 2, 'two eth-dca fills');
    await waitFor(() => (fillsOf(first.io.out()).get('btc-dca')?.length ?? 0) >= 1, 'the btc-dca fill');
    first.io.interrupt('SIGINT');
    expect(await first.code).toBe(EXIT.interrupted);
    const firstOut = first.io.out();
    const firstTraded = /traded ([\d,.]+) USD this session\n/.exec(firstOut)?.[1];
    expect(firstTraded, firstOut).toBeDefined();
    const firstFills = [...fillsOf(firstOut).values()].flat();
    expect(
      usd(firstTraded as string)
        .minus(total(firstFills))
        .abs()
        .toNumber(),
    ).toBeLessThanOrEqual(0.01 * firstFills.length);
    expect(firstOut).not.toMatch(/SINCE BOT START|since the bots' start/);

    // Session 2 adopts both bots (btc-dca has used up its one order) and eth-dca trades some more.
    const second = run('second');
    await waitFor(() => (fillsOf(second.io.out()).get('eth-dca')?.length ?? 0) >= 1, 'an eth-dca fill');
    second.io.interrupt('SIGINT');
    expect(await second.code).toBe(EXIT.interrupted);
    const out = second.io.out();
    const ethFills = fillsOf(out).get('eth-dca') ?? [];
    expect(fillsOf(out).get('btc-dca')).toBeUndefined();

    // The headline: this session's fills alone, then (labelled) what the bots traded since their start.
    const headline = /traded ([\d,.]+) USD this session \(since the bots' start: ([\d,.]+) USD\)\n/.exec(out);
    expect(headline, out).not.toBeNull();
    const [, thisSession = '', sinceStart = ''] = headline ?? [];
    expect(usd(thisSession).minus(total(ethFills)).abs().toNumber()).toBeLessThanOrEqual(
      0.01 * ethFills.length,
    );
    expect(
      usd(sinceStart)
        .minus(usd(thisSession))
        .minus(usd(firstTraded as string))
        .abs()
        .toNumber(),
    ).toBeLessThan(0.03);

    // The table: PLACED, FILLS and PnL of this session side by side; the carried-over PnL in its own column.
    expect(out).toMatch(
      /\nBOT +STRATEGY +PAIRS +OPEN +PLACED +FILLS +GUARD-REJ +EXCH-REJ +PnL THIS SESSION +PnL SINCE BOT START\n/,
    );
    const [, , , , placed, fills, , , , ethSinceStart] = row(out, 'eth-dca');
    expect(Number(fills)).toBe(ethFills.length);
    expect(Number(placed)).toBeGreaterThanOrEqual(ethFills.length);
    expect(ethSinceStart).toMatch(/^[+-]?[\d,]+\.\d\d USD$/);
    // btc-dca traded nothing in this session: no fill, no volume; its first session's fee shows only since its start.
    const btc = row(out, 'btc-dca');
    expect(btc.slice(4, 6)).toEqual(['0', '0']);
    expect(btc[8]).toMatch(/^[+-]?[\d,]+\.\d\d USD$/);
    expect(btc[9]).toMatch(/^-[\d,]+\.\d\d USD$/);
    expect(out).toContain("  PnL SINCE BOT START includes the bot's earlier sessions");
  });
});
