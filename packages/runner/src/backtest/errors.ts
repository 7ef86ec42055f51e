/** A backtest that cannot run as asked: no data for a bot's pair, nothing in the chosen time range. */
export class BacktestSetupError extends Error {
  override name = 'BacktestSetupError';
  readonly code = 'KRAKENKIT_BACKTEST_SETUP';
}
