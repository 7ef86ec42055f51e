import { describe, expect, it } from 'vitest';
import { main, orderBudget } from '../custom-guard-rule.js';

describe('examples/custom-guard-rule.ts', () => {
  it('refuses by the YAML-tuned built-in rules and by a rule of its own, letting the rest through', async () => {
    const outcomes = await main({ log: () => undefined });
    expect(outcomes.map((entry) => entry.outcome.replace(/placed \S+/, 'placed'))).toEqual([
      'placed',
      'refused: EGuard:Order notional exceeded',
      'refused: EGeneral:Invalid arguments:leverage',
      'placed',
      'refused: EGuard:Own order budget',
    ]);
  });

  it('its own rule counts only accepted orders, within a sliding window', () => {
    let now = 0;
    const rule = orderBudget(1, 1_000, () => now);
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1', price: '1' } as const;
    expect(rule.check(order)).toBeUndefined();
    expect(rule.check(order)).toBeUndefined(); // nothing was sent yet
    rule.sent?.(order);
    expect(rule.check(order)?.code).toBe('EGuard:Own order budget');
    now = 1_000;
    expect(rule.check(order)).toBeUndefined();
  });
});
