import { type Span, type StyledLine, span, truncate } from './styled-line.js';

/** One column of a table that fits a width. */
export interface TableColumn {
  title: string;
  /** One cell per row. */
  cells: readonly Span[];
  /**
   * When the table is too wide, columns are dropped in increasing `dropRank` (lowest first); a column without
   * one is never dropped.
   */
  dropRank?: number;
  /** Its cells may be cut (with `…`) when dropping columns was not enough: the names, never the figures. */
  shrinkable?: boolean;
}

const GAP = '  ';
// A cut name still says which one it is: `sol-m…`.
const SHRUNK_MIN = 5;

/**
 * Left-aligned columns two spaces apart, made to fit `width`: whole columns are dropped first (lowest `dropRank`
 * first), then the shrinkable column is cut. A column that may neither be dropped nor cut (the PnL) is never
 * cut, so a table of such columns alone may stay wider than `width`. Lines are the title row, then one per row.
 */
export function fitTable(columns: readonly TableColumn[], width: number): StyledLine[] {
  const shown = [...columns];
  const widths = () => shown.map(columnWidth);
  const total = () => widths().reduce((sum, each) => sum + each, 0) + GAP.length * (shown.length - 1);
  const droppable = columns
    .filter((column) => column.dropRank !== undefined)
    .sort((a, b) => (a.dropRank ?? 0) - (b.dropRank ?? 0));
  for (const column of droppable) {
    if (total() <= width) break;
    shown.splice(shown.indexOf(column), 1);
  }
  const limits = widths();
  const excess = total() - width;
  const shrinkAt = shown.findIndex((column) => column.shrinkable === true);
  if (excess > 0 && shrinkAt >= 0) limits[shrinkAt] = Math.max(SHRUNK_MIN, (limits[shrinkAt] ?? 0) - excess);
  const rows = Math.max(0, ...shown.map((column) => column.cells.length));
  const lines: StyledLine[] = [];
  for (let row = -1; row < rows; row += 1) {
    const line: Span[] = [];
    shown.forEach((column, index) => {
      const cell = row < 0 ? span(column.title) : (column.cells[row] ?? span(''));
      const limit = limits[index] ?? 0;
      const fitted = truncate([cell], limit);
      line.push(...fitted);
      const used = fitted.reduce((sum, part) => sum + part.text.length, 0);
      if (index < shown.length - 1) line.push(span(' '.repeat(limit - used) + GAP));
    });
    lines.push(line);
  }
  return lines;
}

function columnWidth(column: TableColumn): number {
  return Math.max(column.title.length, ...column.cells.map((cell) => cell.text.length));
}
