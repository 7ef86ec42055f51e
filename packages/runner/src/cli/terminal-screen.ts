import type { CliStream } from './io.js';

const ESC = '\u001b[';
/** Alternate screen on (what was on the terminal comes back when it is left), cursor hidden, screen cleared. */
const OPEN = `${ESC}?1049h${ESC}?25l${ESC}H${ESC}2J`;
/** Clear what the view drew (a terminal without an alternate screen keeps no frame), leave it, cursor shown. */
const CLOSE = `${ESC}H${ESC}2J${ESC}?1049l${ESC}?25h`;

/**
 * A terminal redrawn in place: every frame is written in one piece, each line at its own row (`ESC[row;1H`, the
 * line erased first), and what lies below the frame is erased, so nothing scrolls and no copy of a frame reaches
 * the scrollback. The frame is drawn on the alternate screen; {@link close} puts the terminal back as it was.
 */
export class TerminalScreen {
  readonly #stream: CliStream;
  #open = false;

  constructor(stream: CliStream) {
    this.#stream = stream;
  }

  open(): void {
    if (this.#open) return;
    this.#open = true;
    this.#stream.write(OPEN);
  }

  /**
   * Draws `lines` (already fitted to the terminal, at most `rows` of them). `clear` wipes the whole screen first:
   * after a resize the terminal may have reflowed the last frame.
   */
  draw(lines: readonly string[], rows: number | undefined, clear = false): void {
    if (!this.#open) return;
    let frame = `${ESC}H${clear ? `${ESC}2J` : ''}`;
    for (const [index, line] of lines.entries()) frame += `${ESC}${index + 1};1H${ESC}2K${line}`;
    // Below a frame that fills the screen there is nothing to erase (and ESC[J there would erase its last line).
    if (rows === undefined || lines.length < rows) frame += `${ESC}${lines.length + 1};1H${ESC}J`;
    this.#stream.write(frame);
  }

  /** Puts the terminal back (idempotent; synchronous on a TTY, so it may run while the process exits). */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#stream.write(CLOSE);
  }
}
