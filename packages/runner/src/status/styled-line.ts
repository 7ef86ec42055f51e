import { styleText } from 'node:util';

/** The looks the live view uses (names as node:util styleText takes them). */
export type Look = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

/** A piece of a line, with how it looks when colour is on. */
export interface Span {
  text: string;
  look?: Look | readonly Look[];
}

/**
 * One screen line as spans: widths are measured on the text alone, so a line is fitted to the terminal first and
 * coloured last (escape codes never count towards, or get cut by, the width).
 */
export type StyledLine = readonly Span[];

/** A span; `look` omitted is plain text. */
export function span(text: string, look?: Span['look']): Span {
  return look === undefined ? { text } : { text, look };
}

/** Columns the line takes (every character the view prints is one column wide). */
export function widthOf(line: StyledLine): number {
  let width = 0;
  for (const part of line) width += part.text.length;
  return width;
}

/** The line's text without looks. */
export function textOf(line: StyledLine): string {
  return line.map((part) => part.text).join('');
}

/** The line cut to `width` columns, ending in `…` when something was cut. */
export function truncate(line: StyledLine, width: number): StyledLine {
  if (widthOf(line) <= width) return line;
  if (width <= 0) return [];
  const kept: Span[] = [];
  let room = width - 1;
  for (const part of line) {
    if (room <= 0) break;
    const text = part.text.slice(0, room);
    kept.push({ ...part, text });
    room -= text.length;
  }
  kept.push(span('…', kept.at(-1)?.look));
  return kept;
}

/** The first candidate that fits in `width`, else the last one cut to it. */
export function firstThatFits(candidates: readonly StyledLine[], width: number): StyledLine {
  for (const candidate of candidates) if (widthOf(candidate) <= width) return candidate;
  return truncate(candidates.at(-1) ?? [], width);
}

/** The line as terminal text: with SGR colour codes when `color`, else its plain text. */
export function paint(line: StyledLine, color: boolean): string {
  if (!color) return textOf(line);
  return line
    .map((part) =>
      part.look === undefined || part.text === ''
        ? part.text
        : // The stream was already judged able to show colour (see colorWanted): no second check.
          styleText(part.look as Look | Look[], part.text, { validateStream: false }),
    )
    .join('');
}
