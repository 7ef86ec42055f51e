import { dcaStrategy } from './dca.js';
import { emaCrossStrategy } from './ema-cross.js';
import { gridStrategy } from './grid.js';
import { marginTrendStrategy } from './margin-trend.js';
import type { StrategyDefinition } from './types.js';

/** Strategies by the name a bot config uses (`strategy: grid`). */
export type StrategyRegistry = Readonly<Record<string, StrategyDefinition<unknown>>>;

/** The built-in strategies: `grid`, `dca`, `margin-trend`, `ema-cross`. */
export const BUILTIN_STRATEGIES: StrategyRegistry = {
  grid: gridStrategy,
  dca: dcaStrategy,
  'margin-trend': marginTrendStrategy,
  'ema-cross': emaCrossStrategy,
};

/** The built-ins plus the caller's own (theirs win on a name clash). */
export function withBuiltins(
  extra: Readonly<Record<string, StrategyDefinition<unknown>>> = {},
): StrategyRegistry {
  return { ...BUILTIN_STRATEGIES, ...extra };
}
