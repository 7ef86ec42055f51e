import { createMemoryStore } from '@krakenkit/store';
import { describeStoreConformance } from './support/conformance.js';
import { fakeClock } from './support/harness.js';

describeStoreConformance({
  name: 'memory store',
  fakeTime: true,
  async make() {
    const clock = fakeClock();
    return { store: createMemoryStore({ now: clock.now }), advance: clock.advance };
  },
});
