import type { Session } from '../engine/session.js';
import { clock } from '../status/format.js';
import { layoutStatus, statusLine } from '../status/status-view.js';
import { paint, span, truncate } from '../status/styled-line.js';
import { colorWanted } from './color-support.js';
import type { CliIo } from './io.js';
import { TerminalScreen } from './terminal-screen.js';

const REDRAW_MS = 500;
const PLAIN_STATUS_MS = 5_000;
// A stream that is not a terminal (`--status tty` into a pipe) has no size: as wide as before, as tall as needed.
const UNKNOWN_COLUMNS = 120;

/**
 * Draws the session's status in place on a TTY, fitted to the terminal's size and redrawn when it is resized,
 * coloured when the terminal shows colour (see colorWanted). `note` is a last line under the status (the
 * dashboard's address with `--ui`: never a token, the screen ends up in terminal recordings). Returns the function
 * that stops it and puts the terminal back (idempotent); the terminal is put back too if the process exits first
 * (a second Ctrl-C).
 */
export function liveView(io: CliIo, session: Session, title: string, note?: string): () => void {
  const { stdout } = io;
  const color = colorWanted(stdout, io.env);
  const screen = new TerminalScreen(stdout);
  const draw = (clear = false) => {
    const columns = stdout.columns ?? UNKNOWN_COLUMNS;
    const rows = stdout.rows;
    // The note takes the last row; the status is fitted to the rows above it.
    const statusRows = rows === undefined || note === undefined ? rows : Math.max(1, rows - 1);
    const size = { columns, ...(statusRows === undefined ? {} : { rows: statusRows }) };
    const styled = layoutStatus(session.status(), title, size);
    const lines = note === undefined ? styled : [...styled, truncate([span(note, 'dim')], columns)];
    screen.draw(
      lines.map((line) => paint(line, color)),
      rows,
      clear,
    );
  };
  const redrawResized = () => draw(true);
  screen.open();
  const leaveOnExit = io.onExit?.(() => screen.close());
  stdout.on?.('resize', redrawResized);
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    stdout.off?.('resize', redrawResized);
    leaveOnExit?.();
    // The summary that follows says everything the last frame did.
    screen.close();
  };
}

/** A status line every few seconds when the output is not a TTY (events are printed as they happen). */
export function plainStatus(io: CliIo, session: Session): () => void {
  const timer = setInterval(
    () => io.stdout.write(`${clock(Date.now())} ${statusLine(session.status())}\n`),
    PLAIN_STATUS_MS,
  );
  return () => clearInterval(timer);
}
