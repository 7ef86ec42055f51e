import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@krakenkit/client';
import { accountIdOf } from '@krakenkit/core/store';
import { createFileStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import {
  type LoopbackExchange,
  loopbackConfig,
  startLoopbackExchange,
  wideGrid,
} from './support/loopback-exchange.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Places limit buys on XBT/USD with the key, as a person or another program would; returns their txids. */
async function placeByHand(
  exchange: LoopbackExchange,
  prices: readonly string[],
  clOrdIds: readonly string[],
) {
  const hand = createClient({
    baseUrl: exchange.running.url,
    key: {
      name: 'hand',
      apiKey: exchange.env['KK_TEST_API_KEY'] as string,
      apiSecret: exchange.env['KK_TEST_API_SECRET'] as string,
      permissions: ['trades_modify', 'trades_query_open'],
    },
  });
  try {
    const txids: string[] = [];
    for (const [index, price] of prices.entries()) {
      const params = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price } as const;
      const result = await hand.addOrder({ ...params, cl_ord_id: clOrdIds[index] ?? randomUUID() });
      txids.push(result.txid?.[0] as string);
    }
    return txids;
  } finally {
    await hand.close();
  }
}

describe('orphan orders at start', () => {
  it('are reported (event, status line, log, summary) and cancelled only with --cancel-orphans; a live session’s are not', async () => {
    const exchange = await startLoopbackExchange();
    cleanups.push(() => exchange.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'bot.yaml'), loopbackConfig(exchange.running.url, wideGrid('grid')));

    // On the key: two orders placed by hand, one recorded by a bot no session runs any more, and two recorded by a
    // bot another live session runs (its lease is held).
    const [liveA, liveB, gone] = [randomUUID(), randomUUID(), randomUUID()];
    const byHand = await placeByHand(exchange, ['40000.0', '41000.0'], []);
    const [goneTxid] = await placeByHand(exchange, ['42000.0'], [gone]);
    const liveTxids = await placeByHand(exchange, ['43000.0', '44000.0'], [liveA, liveB]);
    const store = await createFileStore({ dir: join(dir, 'state') });
    const account = accountIdOf(exchange.env['KK_TEST_API_KEY'] as string);
    const record = (bot: string, clOrdId: string) =>
      store.putRecord(
        account,
        `bot:${bot}:order:${clOrdId}`,
        JSON.stringify({
          clOrdId,
          bot,
          tag: 'x',
          pair: 'XXBTZUSD',
          side: 'buy',
          type: 'limit',
          volume: '0.01',
          session: 'other',
          strategy: 'grid',
          placedAt: 0,
        }),
      );
    await record('keeper', liveA);
    await record('keeper', liveB);
    await record('retired', gone);
    await store.acquireLease(account, 'bot:keeper', 'elsewhere:1:abcd', 600_000);
    await store.close();
    const orphans = [...byHand, goneTxid as string];

    const run = async (extra: string[]) => {
      const io = memoryIo({ cwd: dir, env: exchange.env });
      const code = runCli(['run', 'bot.yaml', '--live', '--store', 'state', ...extra], io);
      await waitFor(() => (io.out().match(/grid: placed/g) ?? []).length === 6, 'the grid resting');
      return { io, code };
    };

    const reported = await run([]);
    const line =
      reported.io
        .out()
        .split('\n')
        .find((text) => text.includes('ORPHANS')) ?? '';
    expect(line).toMatch(/ORPHANS on key trader: 3 open order\(s\) no live session owns: .*; left resting/);
    for (const txid of byHand) expect(line).toContain(`${txid} (buy 0.01000000 XBT/USD)`);
    expect(line).toContain(`${goneTxid} (buy 0.01000000 XBT/USD, bot retired)`);
    for (const txid of liveTxids) expect(line).not.toContain(txid);
    await waitFor(() => /status .*; 3 orphan order\(s\)/.test(reported.io.out()), 'the status line');
    reported.io.interrupt('SIGINT');
    expect(await reported.code).toBe(EXIT.interrupted);
    expect(reported.io.out()).toMatch(/ORPHANS {2}3 open order\(s\) on the key no live session owns/);
    expect(exchange.openTxids().sort()).toEqual([...orphans, ...liveTxids].sort());
    const log = readFileSync(join(dir, '.krakenkit', 'bot.log'), 'utf8');
    expect(log).toMatch(new RegExp(`"txids":\\[[^\\]]*"${goneTxid}"`));

    const cleaned = await run(['--cancel-orphans']);
    expect(cleaned.io.out()).toMatch(
      /ORPHANS on key trader: 3 open order\(s\) no live session owns: .*; cancelled 3/,
    );
    expect(exchange.openTxids().filter((txid) => orphans.includes(txid))).toEqual([]);
    expect(exchange.openTxids()).toEqual(expect.arrayContaining(liveTxids));
    cleaned.io.interrupt('SIGINT');
    expect(await cleaned.code).toBe(EXIT.interrupted);
    expect(cleaned.io.err()).toBe('');
    // No order rests now that no live session owns: only the other session's.
    expect(exchange.openTxids().sort()).toEqual([...liveTxids].sort());
  });
});
