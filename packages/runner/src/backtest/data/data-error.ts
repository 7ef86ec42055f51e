/**
 * A data file a backtest cannot use, located: the file, the line (1-based; absent for the file as a whole) and the
 * field, so a bad row is fixed without hunting for it.
 */
export class BacktestDataError extends Error {
  override name = 'BacktestDataError';
  readonly code = 'KRAKENKIT_BACKTEST_DATA';
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(file: string, problem: string, where: { line?: number; field?: string } = {}) {
    const place = where.line === undefined ? file : `${file}:${where.line}`;
    super(`${place}: ${where.field === undefined ? '' : `${where.field}: `}${problem}`);
    this.file = file;
    this.line = where.line;
    this.field = where.field;
  }
}
