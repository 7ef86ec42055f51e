import { EXIT, runCli } from '@krakenkit/runner/cli';
import { describe, expect, it } from 'vitest';
import { paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// XBT/USD and ETH/USD take 8 volume decimals (lot_decimals) on the embedded mock, as on Kraken.
const TOO_PRECISE = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.123456789" }
  - name: dca
    key: trader
    strategy: dca
    pairs: [ETH/USD]
    params: { volume: "0.5000000001", every: 4s }
  - name: fine
    key: trader
    strategy: dca
    pairs: [ETH/USD]
    params: { volume: "0.50000000000", every: 4s }
`;

describe('a fixed volume with more decimals than the pair takes', () => {
  it('validate refuses it at its param with the value and the pair lot decimals (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(TOO_PRECISE) });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:18:49: bots\[0\]\.params\.volume: volume 0\.123456789 XBT has 9 decimals, more than XBT\/USD takes \(lot_decimals 8\)/,
    );
    expect(io.err()).toMatch(
      /bot\.yaml:23:23: bots\[1\]\.params\.volume: volume 0\.5000000001 ETH has 10 decimals/,
    );
    // Trailing zeros change nothing: the third bot is fine.
    expect(io.err()).toMatch(/^2 problems in the config/);
    expect(io.out()).not.toMatch(/valid/);
  });

  it('run refuses to start (exit 2) instead of sending every order cut down', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(TOO_PRECISE) });
    const io = memoryIo({ cwd: dir });
    const code = await runCli(
      ['run', 'bot.yaml', '--duration', '1s', '--status', 'plain', '--store', 'memory'],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bots\[0\]\.params\.volume: volume 0\.123456789 XBT has 9 decimals/);
    expect(io.out()).not.toMatch(/placed|SUMMARY/);
  });
});
