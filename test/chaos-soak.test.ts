import { describe, expect, it } from 'vitest';
import { runChaosSoak } from './support/soak-chaos.js';

// 2,000 orders from a guarded bot over real loopback HTTP with faults on ~10% of calls (lost answers, resets,
// 5xx, EService:Busy/Unavailable, latency). `pnpm soak` runs the same with 10,000+ orders.
describe('chaos soak: a guarded bot under faults', () => {
  it('ends with no duplicate, no unknown order, and the guard’s pools equal to the exchange’s', async () => {
    const report = await runChaosSoak({ orders: 2_000, seed: 'chaos-ci' });
    console.log(`[chaos-soak] ${JSON.stringify(report, null, 1)}`);
    const { audit } = report;
    expect(report.orders).toBeGreaterThanOrEqual(2_000);
    expect(report.faultRate).toBeGreaterThan(0.07);
    expect(report.faults['lost-response'] ?? 0).toBeGreaterThan(0);
    expect(report.bot.lookupPlaced + report.bot.reconciledPlacedByClient).toBeGreaterThan(0);
    expect(audit.duplicates).toEqual([]);
    expect(audit.orphans).toEqual([]);
    expect(audit.unknown).toEqual([]);
    expect(audit.inFlightBefore).toBe(0);
    expect(audit.keptInFlight).toBe(0);
    expect(audit.openMarginOrders + audit.openPositions).toBeGreaterThan(0);
    expect(audit.poolsEqual, JSON.stringify(audit.pools)).toBe(true);
    expect(report.rateLimitErrors).toBe(0);
    expect(report.unhandledRejections).toBe(0);
    expect(report.internalErrors).toBe(0);
  });
});
