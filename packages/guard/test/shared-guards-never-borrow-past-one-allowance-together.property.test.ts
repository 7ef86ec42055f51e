import { createGuard } from '@krakenkit/guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ACCOUNT, longOf, RULES, SharedWorld, usdUsed } from './support/shared-world.js';

const ALLOWANCE = 20_000;

describe('two processes trading one account', () => {
  it('each with its own plain guard, borrow past the allowance together (the finding)', () => {
    const first = createGuard(RULES, EMPTY_ACCOUNT);
    const second = createGuard(RULES, EMPTY_ACCOUNT);
    expect(first.reserve(longOf(12)).allowed).toBe(true);
    expect(second.reserve(longOf(12)).allowed).toBe(true);
    expect(usdUsed(first) + usdUsed(second)).toBe(24_000); // 120 % of the 20,000 USD allowance
  });

  it('with one shared guard each, the second order sees the first and is refused', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    expect(await a.reserve(longOf(12))).toMatchObject({ allowed: true, ref: 'a.R1' });
    const refused = await b.reserve(longOf(12));
    expect(refused.allowed).toBe(false);
    expect(refused.violations.map((v) => v.code)).toEqual(['EOrder:Margin allowance exceeded']);
    expect(await b.reserve(longOf(8))).toMatchObject({ allowed: true, ref: 'b.R2' });
    expect([usdUsed(a), usdUsed(b)]).toEqual([12_000, 20_000]); // a has not read b's yet; b holds both
    await a.sync();
    expect(a.exportState()).toBe(b.exportState());
  });

  it('never reserve more than the allowance together, however their calls interleave', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(
          fc.record({ process: fc.integer({ min: 0, max: 1 }), units: fc.integer({ min: 1, max: 9 }) }),
          {
            minLength: 2,
            maxLength: 10,
          },
        ),
        async (scheduler, orders) => {
          const world = new SharedWorld();
          const guards = await world.pair();
          world.store.schedule = (call) => scheduler.schedule(Promise.resolve(), 'store call').then(call);
          const answers = orders.map(({ process, units }) => guards[process]?.reserve(longOf(units)));
          const decisions = await scheduler.waitFor(Promise.all(answers));
          world.store.schedule = undefined;
          const reserved = orders.reduce(
            (sum, { units }, index) => sum + (decisions[index]?.allowed ? units * 1000 : 0),
            0,
          );
          expect(reserved).toBeLessThanOrEqual(ALLOWANCE);
          for (const guard of guards) await guard.sync();
          const [a, b] = guards;
          expect(usdUsed(a)).toBe(reserved);
          expect(b.exportState()).toBe(a.exportState());
          // An order refused for the allowance was refused because it did not fit what was reserved.
          const total = orders.reduce((sum, { units }) => sum + units * 1000, 0);
          if (total <= ALLOWANCE) expect(decisions.every((decision) => decision?.allowed)).toBe(true);
        },
      ),
    );
  });
});
