import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorWanted } from '../src/cli/color-support.js';
import { EXIT } from '../src/cli/exit-codes.js';
import type { CliIo, CliStream } from '../src/cli/io.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const ESC = String.fromCharCode(27);
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
const LINE_AT = new RegExp(`${ESC}\\[(\\d+);1H${ESC}\\[2K`);

/** A terminal of a given size that tells the CLI when it is resized, as process.stdout does. */
class FakeTerminal extends EventEmitter implements CliStream {
  readonly isTTY = true;
  constructor(
    readonly write: (text: string) => boolean,
    public columns: number,
    public rows: number,
    readonly colours: boolean,
  ) {
    super();
  }

  hasColors(): boolean {
    return this.colours;
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** Each frame drawn, as the lines it put on the screen (colour codes kept). */
function frames(raw: string): string[][] {
  return raw
    .split(`${ESC}[H`)
    .slice(1)
    .map((frame) => {
      const parts = frame.split(LINE_AT);
      const lines: string[] = [];
      for (let index = 1; index < parts.length; index += 2)
        lines[Number(parts[index]) - 1] = (parts[index + 1] ?? '').replace(
          new RegExp(`${ESC}\\[\\d+;1H${ESC}\\[J$`),
          '',
        );
      return lines;
    })
    .filter((lines) => lines.length > 0);
}

function runIo(env: Record<string, string>, colours: boolean) {
  const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
  const base = memoryIo({ cwd: dir, env, tty: true });
  const terminal = new FakeTerminal(base.stdout.write as (text: string) => boolean, 80, 24, colours);
  const io: CliIo = { ...base, stdout: terminal };
  const args = [
    'run',
    'bot.yaml',
    '--duration',
    '30m',
    '--log-file',
    join(dir, 'log'),
    '--audit-log',
    join(dir, 'audit'),
  ];
  return { base, terminal, session: runCli(args, io) };
}

describe('colour in the live view', () => {
  it('follows FORCE_COLOR first, then NO_COLOR, then whether the stream is a terminal that shows colour', () => {
    const tty: CliStream = { write: () => true, isTTY: true, hasColors: () => true };
    const pipe: CliStream = { write: () => true, isTTY: false };
    const dumb: CliStream = { write: () => true, isTTY: true };
    expect(colorWanted(tty, {})).toBe(true);
    expect(colorWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorWanted(tty, { NODE_DISABLE_COLORS: '1' })).toBe(false);
    expect(colorWanted(pipe, {})).toBe(false);
    expect(colorWanted(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorWanted(tty, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colorWanted(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorWanted(dumb, { TERM: 'dumb' })).toBe(false);
    expect(colorWanted({ ...tty, hasColors: () => false }, {})).toBe(false);
  });

  it('colours a terminal that shows colour, redraws for its new size when resized, and puts it back at the end', async () => {
    const { base, terminal, session } = runIo({}, true);
    await waitFor(
      () => frames(base.out()).some((lines) => lines.some((line) => line.startsWith('grid '))),
      'a frame with the bot',
    );
    const before = frames(base.out()).at(-1) ?? [];
    expect(before.join('\n')).toMatch(new RegExp(`${ESC}\\[32mACTIVE`));
    expect(before.length).toBeLessThanOrEqual(24);
    for (const line of before) expect(line.replace(SGR, '').length).toBeLessThanOrEqual(80);
    const resizedAt = base.out().length;
    terminal.resize(50, 12);
    await waitFor(() => frames(base.out().slice(resizedAt)).length > 0, 'a frame after the resize');
    const afterResize = base.out().slice(resizedAt);
    expect(afterResize.startsWith(`${ESC}[H${ESC}[2J`)).toBe(true); // the reflowed old frame is wiped first
    const after = frames(afterResize)[0] ?? [];
    expect(after.length).toBeLessThanOrEqual(12);
    for (const line of after) expect(line.replace(SGR, '').length).toBeLessThanOrEqual(50);
    expect(after[0]?.replace(SGR, '')).toMatch(/^krakenkit {1,2}bot .*ACTIVE/);
    base.interrupt('SIGINT');
    expect(await session).toBe(EXIT.interrupted);
    expect(terminal.listenerCount('resize')).toBe(0);
    const end = base.out().slice(base.out().lastIndexOf(`${ESC}[?1049l`));
    expect(end.startsWith(`${ESC}[?1049l${ESC}[?25h`)).toBe(true); // alternate screen left, cursor shown
    expect(end).toMatch(/SUMMARY {2}bot/);
  });

  it('draws without colour codes under NO_COLOR (cursor moves only)', async () => {
    const { base, session } = runIo({ NO_COLOR: '1' }, true);
    await waitFor(
      () => frames(base.out()).some((lines) => lines.some((line) => line.startsWith('grid '))),
      'a frame with the bot',
    );
    base.interrupt('SIGINT');
    expect(await session).toBe(EXIT.interrupted);
    expect(base.out().match(SGR)).toBeNull();
    expect(base.out()).toMatch(/SUMMARY {2}bot/);
  });
});
