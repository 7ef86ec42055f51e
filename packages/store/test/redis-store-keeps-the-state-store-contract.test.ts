import { createRedisStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';
import { describeStoreConformance } from './support/conformance.js';

const redis = await redisForTests();

describeStoreConformance({
  name: 'Redis store',
  fakeTime: false,
  suiteOptions: redis.suiteOptions,
  async make() {
    return { store: await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }) };
  },
  cleanup: () => redis.cleanup(),
});
