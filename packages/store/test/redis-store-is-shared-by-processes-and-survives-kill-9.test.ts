import { createRedisStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';
import { afterAll, describe } from 'vitest';
import { multiProcessTests } from './support/multi-process.js';

const redis = await redisForTests();

describe('processes sharing one Redis namespace', redis.suiteOptions, () => {
  afterAll(() => redis.cleanup());
  multiProcessTests(() => ({
    kind: 'redis',
    where: redis.url,
    keyPrefix: redis.keyPrefix,
    open: () => createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }),
  }));
});
