/**
 * A pair the exchange does not list is answered, by `record --pair` and `guard check --order`, the way `validate`
 * answers it in a bot file: with the nearest names the exchange does list (a typo is found at once).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('an unknown pair on the command line', () => {
  it('record --pair: a usage error naming the nearest listed pairs', async () => {
    const io = memoryIo({ cwd: ROOT });
    const out = join(tempDir(), 'feed.jsonl');
    expect(await runCli(['record', '--pair', 'XBT/USDX', '--out', out, '--duration', '1s'], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain('no pair "XBT/USDX" on the exchange (AssetPairs); nearest: XBT/USD');
  });

  it('guard check --order: a usage error naming the nearest listed pairs', async () => {
    const io = memoryIo({ cwd: ROOT });
    const order = JSON.stringify({
      pair: 'ETH/USDX',
      side: 'buy',
      orderType: 'limit',
      volume: '1',
      price: '3000',
    });
    expect(await runCli(['guard', 'check', 'config/demo-bot.yaml', '--order', order], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/no pair "ETH\/USDX" on this exchange \(AssetPairs\); nearest: ETH\/USD\b/);
  });
});
