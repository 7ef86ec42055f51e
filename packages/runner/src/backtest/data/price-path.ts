import type { PackedCandle } from '../../candles/candle.js';

/**
 * The prices a candle's market went through, in the order a backtest replays them. A candle only tells its four
 * prices, not their order: an up candle (close ≥ open) is taken to go open → low → high → close, a down candle
 * open → high → low → close (its move against the close first, as the more adverse path for resting orders and
 * stops on either side). The four points are a quarter of the interval apart: open at the candle's start, close
 * three quarters in; the candle itself closes at its end.
 */
export function pricePath(candle: PackedCandle): readonly [string, string, string, string] {
  const { open, high, low, close } = candle.text;
  return candle.closeNumber >= candle.openNumber ? [open, low, high, close] : [open, high, low, close];
}
