import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { type CliProcess, spawnCli } from './support/cli-process.js';
import { loopbackConfig, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { tempDir, waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(child: CliProcess): CliProcess {
  cleanups.push(() => child.child.exitCode === null && child.child.kill('SIGKILL'));
  return child;
}

describe('Ctrl-C during start-up', () => {
  it('finishes start-up, stops gracefully (exit 130, nothing left open) and releases the bot for the next run', async () => {
    const exchange = await startLoopbackExchange();
    cleanups.push(() => exchange.close());
    const dir = tempDir();
    const config = join(dir, 'bot.yaml');
    writeFileSync(config, loopbackConfig(exchange.running.url, wideGrid()));
    const args = (name: string) => [
      ...['run', config, '--live', '--store', join(dir, 'state')],
      ...['--log-file', join(dir, `${name}.log`), '--audit-log', join(dir, `${name}.jsonl`)],
    ];
    // Start-up arms the dead man's switch after taking the bot's lease: its answer is held back a while.
    exchange.running.exchange.faults.add({
      kind: 'latency',
      latencyMs: 2_000,
      endpoints: ['CancelAllOrdersAfter'],
      times: 1,
    });
    let arming = false;
    cleanups.push(
      exchange.running.exchange.on('request', (request) => {
        if (request.endpoint === 'CancelAllOrdersAfter') arming = true;
      }),
    );
    const first = track(spawnCli(args('first'), exchange.env));
    await waitFor(() => arming, 'start-up arming the switch');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(EXIT.interrupted);
    expect(first.err()).toMatch(/SIGINT received: stopping once start-up is done/);
    expect(first.out()).not.toMatch(/placed/);
    expect(exchange.openTxids()).toEqual([]);
    // Nothing rests and no other session runs: the switch start-up armed was turned off again.
    expect(exchange.account().deadMan).toBeUndefined();

    // The lease was released: a second run starts at once (no "already runs", no wait for an expiry).
    const second = track(spawnCli([...args('second'), '--duration', '1s'], exchange.env));
    expect(await second.exited).toBe(EXIT.ok);
    expect(second.err()).not.toMatch(/already runs|waiting/);
  }, 60_000);
});
