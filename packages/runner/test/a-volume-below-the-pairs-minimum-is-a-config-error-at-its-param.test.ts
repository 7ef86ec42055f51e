import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// XBT/USD's ordermin is 0.00005 XBT and ETH/USD's costmin 0.5 USD on the embedded mock (Kraken's own figures).
const TOO_SMALL = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.00001" }
  - name: dca
    key: trader
    strategy: dca
    pairs: [ETH/USD]
    params: { amount: "0.1", every: 4s }
  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 7 }
`;

describe('a fixed order size the pair refuses', () => {
  it('validate names the file, line, column, param and value, with the pair minimum (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(TOO_SMALL) });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:18:49: bots\[0\]\.params\.volume: volume 0\.00001 XBT is below XBT\/USD's order minimum 0\.00005 XBT/,
    );
    expect(io.err()).toMatch(
      /bot\.yaml:23:23: bots\[1\]\.params\.amount: amount 0\.1 USD is below ETH\/USD's cost minimum 0\.5 USD/,
    );
    // A pair check is placed at the param it is about, not at the whole params mapping.
    expect(io.err()).toMatch(
      /bot\.yaml:28:41: bots\[2\]\.params\.leverage: XBT\/USD does not offer leverage 7/,
    );
  });

  it('run refuses to start on it (exit 2) and places nothing', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(TOO_SMALL) });
    const io = memoryIo({ cwd: dir });
    const code = await runCli(
      ['run', 'bot.yaml', '--duration', '1s', '--status', 'plain', '--store', 'memory'],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bots\[0\]\.params\.volume: volume 0\.00001 XBT is below/);
    expect(io.out()).not.toMatch(/placed|GUARD REJECTED/);
  });

  it('backtest refuses it before replaying, like run', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(TOO_SMALL.split('  - name: dca')[0] ?? '') });
    const data = join(import.meta.dirname, '..', '..', '..', 'examples', 'backtest', 'XBTUSD_1.csv');
    const io = memoryIo({ cwd: dir });
    const code = await runCli(['backtest', 'bot.yaml', '--data', data, '--out', join(dir, 'out')], io);
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bot\.yaml:18:49: bots\[0\]\.params\.volume: volume 0\.00001 XBT is below/);
  });
});
