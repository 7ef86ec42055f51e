import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '@krakenkit/store';
import { describeStoreConformance } from './support/conformance.js';
import { fakeClock } from './support/harness.js';

const root = mkdtempSync(join(tmpdir(), 'krakenkit-file-store-'));
let stores = 0;

describeStoreConformance({
  name: 'file store',
  fakeTime: true,
  async make() {
    const clock = fakeClock();
    stores += 1;
    return {
      store: await createFileStore({ dir: join(root, `store-${stores}`), now: clock.now }),
      advance: clock.advance,
    };
  },
  async cleanup() {
    rmSync(root, { recursive: true, force: true });
  },
});
