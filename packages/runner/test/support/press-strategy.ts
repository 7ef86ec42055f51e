import { Decimal } from 'decimal.js';
import { toLot } from '../../src/strategies/rounding.js';
import type { Strategy, StrategyDefinition } from '../../src/strategies/types.js';

/** Opens the test's gate: bots press only once every session is up, so none starts from another's positions. */
export interface Gate {
  open: boolean;
}

/**
 * `press`: while the gate is open, a margin long of `volume` at market (2x) at every tick, one order at a time,
 * whatever came of the last one: it borrows USD until the guard refuses, and goes on asking.
 */
export function pressStrategy(gate: Gate): StrategyDefinition<{ volume: string }> {
  return {
    name: 'press',
    summary: 'a 2x margin long at market every tick',
    params: {
      safeParse: (value) => {
        const volume = (value as { volume?: unknown } | undefined)?.volume;
        return typeof volume === 'string'
          ? { success: true, data: { volume } }
          : {
              success: false,
              error: { issues: [{ path: ['volume'], message: 'expected a decimal string' }] },
            };
      },
    },
    create: ({ params }): Strategy => {
      let seq = 0;
      return {
        onTick(tick, view) {
          if (!gate.open || view.orders.size > 0) return [];
          seq += 1;
          const volume = toLot(tick.pair, new Decimal(params.volume));
          const order = { tag: `press${seq}`, pair: tick.pair.id, side: 'buy' as const, volume };
          return [{ type: 'place', order: { ...order, type: 'market', leverage: 2 } }];
        },
      };
    },
  };
}
