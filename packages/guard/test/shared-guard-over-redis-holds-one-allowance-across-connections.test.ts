import { accountIdOf, type StateStore } from '@krakenkit/core/store';
import { createSharedGuard, type SharedGuard } from '@krakenkit/guard/shared';
import { createRedisStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_ACCOUNT, longOf, RULES, usdUsed } from './support/shared-world.js';

const redis = await redisForTests();

describe(
  'shared guards over Redis, one connection each (as separate processes would hold)',
  redis.suiteOptions,
  () => {
    const stores: StateStore[] = [];
    const account = accountIdOf(`redis-shared-guard-${redis.keyPrefix}`);
    const open = async (instance: string, compactEvery?: number): Promise<SharedGuard> => {
      const store = await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix });
      stores.push(store);
      return createSharedGuard(RULES, {
        store,
        account,
        instance,
        ...(compactEvery === undefined ? {} : { compactEvery }),
      });
    };
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await redis.cleanup();
    });

    it('reserve concurrently and together never pass the allowance; a process opening later holds the same state', async () => {
      const a = await open('a', 8);
      await a.seed(EMPTY_ACCOUNT);
      const b = await open('b', 8);
      const orders = Array.from({ length: 20 }, (_, index) => ({
        guard: index % 2 === 0 ? a : b,
        units: (index % 5) + 1,
      }));
      const decisions = await Promise.all(orders.map(({ guard, units }) => guard.reserve(longOf(units))));
      const reserved = orders.reduce(
        (sum, { units }, index) => sum + (decisions[index]?.allowed ? units * 1000 : 0),
        0,
      );
      expect(reserved).toBeLessThanOrEqual(20_000);
      expect(decisions.some((decision) => !decision.allowed)).toBe(true); // 60,000 USD were asked for
      await a.sync();
      await b.sync();
      expect(usdUsed(a)).toBe(reserved);
      expect(b.exportState()).toBe(a.exportState());
      const late = await open('c', 8);
      expect(late.exportState()).toBe(a.exportState());
    });
  },
);
