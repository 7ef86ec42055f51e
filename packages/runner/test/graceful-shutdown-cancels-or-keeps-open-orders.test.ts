import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { describeEvent } from '../src/status/event-text.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';
import { paperAccount, startPaper } from './support/paper-session.js';

const openCount = (orders: Iterable<unknown>) => [...orders].length;

describe('graceful shutdown', () => {
  it('on SIGINT stops the bots, cancels their open orders and disarms the dead man’s switch', async () => {
    const session = await startPaper(paperConfig(GRID_BOT));
    await waitFor(() => session.status().bots[0]?.open === 4, 'four grid orders resting');
    const account = paperAccount(session);
    expect(openCount(account.openOrders())).toBe(4);
    expect(account.deadMan).toBeDefined();
    const cancels: unknown[] = [];
    session.connection.guard.onAudit((event) => {
      const intent = event.type === 'decision' ? (event.intent as { kind?: string }) : undefined;
      if (intent?.kind === 'cancel') cancels.push(intent);
    });
    const summary = await session.stop('SIGINT');
    // One CancelOrderBatch for the four (one unit of the key's REST budget), not one CancelOrder each.
    expect(cancels).toHaveLength(1);
    expect(cancels[0]).toMatchObject({ orderIds: expect.arrayContaining([expect.any(String)]) });
    expect((cancels[0] as { orderIds: unknown[] }).orderIds).toHaveLength(4);
    expect(summary.reason).toBe('SIGINT');
    expect(openCount(account.openOrders())).toBe(0);
    expect(account.deadMan).toBeUndefined();
    expect(summary.bots[0]).toMatchObject({ name: 'grid', placed: 4, open: 0, cancelled: 4 });
    expect(await session.finished).toBe(summary);
    expect(await session.stop()).toBe(summary); // idempotent
  });

  it('with onShutdown: keep leaves the orders resting for the next session, under the armed switch', async () => {
    const events: string[] = [];
    const session = await startPaper(paperConfig(GRID_BOT, '  onShutdown: keep'), {
      onEvent: (event) => events.push(describeEvent(event)),
    });
    await waitFor(() => session.status().bots[0]?.open === 4, 'four grid orders resting');
    const account = paperAccount(session);
    const summary = await session.stop('SIGTERM');
    expect(summary.reason).toBe('SIGTERM');
    expect(openCount(account.openOrders())).toBe(4);
    // Kept orders stay protected: Kraken cancels them when the timeout passes unless a session adopts them.
    expect(account.deadMan).toBeDefined();
    expect(events.join('\n')).toMatch(
      /dead man's switch left armed \(60s\): key trader: 4 bot order\(s\) rest/,
    );
  });

  it('Ctrl-C during `krakenkit run` ends with the summary and exit code 130', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const io = memoryIo({ cwd: dir });
    const run = runCli(
      ['run', 'bot.yaml', '--log-file', join(dir, 'run.log'), '--audit-log', join(dir, 'audit.jsonl')],
      io,
    );
    await waitFor(() => (io.out().match(/grid: placed/g) ?? []).length === 4, 'orders placed');
    io.interrupt('SIGINT');
    expect(await run).toBe(EXIT.interrupted);
    expect(io.out()).toMatch(
      /stopping \(SIGINT\)[\s\S]*order XXBTZUSD:L-1 cancelled[\s\S]*SUMMARY {2}bot {2}· {2}interrupted \(Ctrl-C\)/,
    );
  });
});

describe("the dead man's switch", () => {
  it('is armed at start and pushed back while running', async () => {
    const startedAt = Date.now();
    const session = await startPaper(
      paperConfig(GRID_BOT).replace('{ timeout: 60s, refresh: 20s }', '{ timeout: 3s, refresh: 300ms }'),
    );
    const account = paperAccount(session);
    await waitFor(() => account.deadMan !== undefined, 'the switch armed');
    const first = account.deadMan?.triggerAt ?? 0;
    // Armed with the configured 3 s, counted from a moment after the session started (however slow that was).
    expect(first).toBeGreaterThanOrEqual(startedAt + 3_000);
    await waitFor(() => (account.deadMan?.triggerAt ?? 0) > first, 'a refresh');
    await session.stop();
    expect(account.deadMan).toBeUndefined();
  });

  it('is never armed when turned off', async () => {
    const session = await startPaper(
      paperConfig(GRID_BOT).replace('deadManSwitch: { timeout: 60s, refresh: 20s }', 'deadManSwitch: false'),
    );
    await waitFor(() => session.status().bots[0]?.open === 4, 'orders resting');
    expect(paperAccount(session).deadMan).toBeUndefined();
    await session.stop();
  });
});
