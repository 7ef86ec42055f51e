import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const MARGIN_BOT = `  - name: trend
    key: trader
    strategy: margin-trend
    pairs: [XBT/USD]
    params: { volume: "0.01", leverage: 2 }
`;
const GUARD = `guard:
  rules:
    allowances: { USD: { allowance: "40000", fiat: true, aliases: [ZUSD] } }
`;

const ESC = String.fromCharCode(27);
const strip = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
// A frame puts each line at its own row (ESC[row;1H): as text, a line break before each.
const frameText = (frame: string) => strip(frame.replace(new RegExp(`${ESC}\\[\\d+;1H`, 'g'), '\n')).trim();

describe('run output', () => {
  it('draws the live status view in place on a TTY: bots, pools against allowances, fee tier, refusals', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT + MARGIN_BOT, GUARD) });
    const io = memoryIo({ cwd: dir, tty: true });
    const code = await runCli(
      [
        'run',
        'bot.yaml',
        '--duration',
        '1200ms',
        '--log-file',
        join(dir, 'log'),
        '--audit-log',
        join(dir, 'audit'),
      ],
      io,
    );
    expect(code).toBe(EXIT.ok);
    const raw = io.out();
    expect(raw.startsWith('\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J')).toBe(true); // alternate screen, no cursor
    const frames = raw.split('\u001b[H').map(frameText);
    const frame = frames.find((text) => text.includes('BOT ')) ?? '';
    expect(frame).toMatch(
      /^krakenkit {2}bot {2}· {2}mock exchange http:\/\/127\.0\.0\.1:\d+ {2}· {2}tier intermediate {2}· {2}ACTIVE {2}· {2}00:0\d \/ 00:01/,
    );
    expect(frame).toMatch(
      /BOT +STRATEGY +PAIRS +OPEN +PLACED +FILLS +GUARD-REJ +EXCH-REJ +PnL\ngrid +grid +XBT\/USD/,
    );
    expect(frame).toMatch(/MARGIN POOLS {2}borrowed \/ allowance\n {2}USD +0 \/ 40,000 +\[░+\] 0%/);
    expect(frame).toMatch(
      /FEE TIER {2}30-day volume \$\d[\d,]* · taker 0\.40% maker 0\.25% · next tier at \$10,000/,
    );
    expect(frame).toMatch(/GUARD REJECTIONS {2}none/);
    expect(frame).toMatch(/RECENT\n {2}\d\d:\d\d:\d\d started 2 bot\(s\)/);
    expect(raw).toContain(`${ESC}[?25h`); // cursor shown again
    expect(strip(raw)).toMatch(/SUMMARY {2}bot {2}· {2}duration reached/);
  });

  it('prints one line per event and no escape codes when the output is not a TTY', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const io = memoryIo({ cwd: dir, tty: false });
    const placed = /^\d\d:\d\d:\d\d grid: placed (buy|sell) 0\.01 XBT\/USD limit @ [\d.]+ → O/;
    const placedLines = () =>
      io
        .out()
        .split('\n')
        .filter((line) => placed.test(line));
    const session = runCli(
      [
        'run',
        'bot.yaml',
        '--duration',
        '30m',
        '--log-file',
        join(dir, 'log'),
        '--audit-log',
        join(dir, 'audit'),
      ],
      io,
    );
    await waitFor(() => placedLines().length >= 4, 'the four grid orders');
    io.interrupt('SIGINT');
    expect(await session).toBe(EXIT.interrupted);
    expect(io.out()).not.toContain(ESC);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d started 1 bot\(s\) on the embedded mock exchange at http:\/\/127\.0\.0\.1:\d+; state in \S+$/,
    );
    expect(placedLines()).toHaveLength(4);
  });
});
