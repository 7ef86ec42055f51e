/**
 * A bot naming one pair twice (`[XBT/USD, XBTUSD]`, or the same name twice) is almost always a slip for another
 * pair: it was taken silently, traded once, and shown as `XBT/USD,XBT/USD`. It is a config error at the second
 * name's file:line:column, saying which entry it repeats, for validate, run and backtest alike (exit 2).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

const GRID_ON = (pairs: string) => `  - name: grid
    key: trader
    strategy: grid
    pairs: [${pairs}]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;

function botFile(pairs: string): string {
  const dir = tempDir();
  const file = join(dir, 'bot.yaml');
  writeFileSync(file, paperConfig(GRID_ON(pairs)));
  return file;
}

describe('a pair listed twice in one bot', () => {
  it('validate: XBT/USD and XBTUSD in one bot is an error at the second, naming the first', async () => {
    const file = botFile('XBT/USD, ETH/USD, XBTUSD');
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['validate', file], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:\d+:\d+: bots\[0\]\.pairs\[2\]: "XBTUSD" is XBT\/USD again \(pairs\[0\]\): list each pair once/,
    );
    expect(io.out()).not.toContain('valid');
  });

  it('run: the same name twice refuses the start with exit 2, nothing placed', async () => {
    const file = botFile('XBT/USD, XBT/USD');
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['run', file, '--duration', '1s', '--store', 'memory'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('bots[0].pairs[1]: "XBT/USD" is XBT/USD again (pairs[0])');
    expect(io.out()).not.toMatch(/placed|PLACED/);
  });

  it('backtest: refused the same way before the replay', async () => {
    const file = botFile('XBTUSD, XXBTZUSD');
    const io = memoryIo({ cwd: ROOT });
    const out = join(tempDir(), 'out');
    expect(
      await runCli(['backtest', file, '--data', 'examples/backtest/XBTUSD_1.csv', '--out', out], io),
    ).toBe(EXIT.usage);
    expect(io.err()).toContain('bots[0].pairs[1]: "XXBTZUSD" is XBT/USD again (pairs[0])');
  });

  it('the same pair in two different bots is fine', async () => {
    const dir = tempDir();
    const file = join(dir, 'bot.yaml');
    writeFileSync(
      file,
      paperConfig(GRID_ON('XBT/USD') + GRID_ON('XBTUSD').replace('name: grid', 'name: grid2')),
    );
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['validate', file], io)).toBe(EXIT.ok);
  });
});
