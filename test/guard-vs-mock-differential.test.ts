import { describe, expect, it } from 'vitest';
import { runDifferential } from './support/differential-run.js';
import { differentialSeed } from './support/seeded-random.js';

// The guard and the mock exchange implement Kraken's margin rules independently (docs/decisions/0006). Here the
// same random orders go to both: to each account's guard (state fed from the exchange's own events, reference
// prices from its Ticker) and, unguarded, to the mock through the real client. The guard must refuse exactly the
// orders the exchange refuses for an allowance, position-size, reduce-only, opposing-position or tier/leverage
// reason, and no order the exchange accepts. Replay a failure with KRAKENKIT_SEED=<seed>.
const SEED = differentialSeed(20260105);
const ORDERS = 10_500;

describe('guard vs mock exchange: differential', () => {
  it(`agrees with the exchange on ${ORDERS} random orders and closes (seed ${SEED})`, async () => {
    const { referee, drifts } = await runDifferential(SEED, ORDERS);
    const report = referee.summary(SEED);
    console.log(`${report}\n  state drifts ${drifts.length}`);
    const replay = `replay with KRAKENKIT_SEED=${SEED}\n${report}`;
    expect(referee.disagreements.slice(0, 5), replay).toEqual([]);
    expect(drifts.slice(0, 5), replay).toEqual([]);
    expect(referee.orders).toBeGreaterThanOrEqual(10_000);
    // The run must reach every compared refusal and both sides of the allowance and size edges, or it proves little.
    for (const code of [
      'EOrder:Margin allowance exceeded',
      'EOrder:Margin position size exceeded',
      'EOrder:Reduce only:No position exists',
      'EOrder:Reduce only:Cannot increase position',
      'EOrder:Cannot open opposing position',
      'EOrder:Cannot open position',
      'EGeneral:Invalid arguments:leverage',
    ]) {
      expect(referee.rejectedBoth.get(code) ?? 0, `${code}\n${replay}`).toBeGreaterThan(10);
    }
    for (const edge of ['pool-edge', 'size-edge']) {
      const seen = referee.edges.get(edge) ?? { accepted: 0, refused: 0 };
      expect(seen.accepted, `${edge} accepted\n${replay}`).toBeGreaterThan(100);
      expect(seen.refused, `${edge} refused\n${replay}`).toBeGreaterThan(100);
    }
    expect(referee.acceptedBoth).toBeGreaterThan(3000);
    expect(referee.closes).toBeGreaterThan(2000);
  });
});
