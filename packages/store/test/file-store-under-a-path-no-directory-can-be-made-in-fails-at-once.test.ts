import { StoreUnavailableError } from '@krakenkit/core/store';
import { createFileStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';

// Node's `mkdir(path, { recursive: true })` never returns for a path under /proc (it spins, deaf to signals): the
// store makes its directories one at a time, so a state directory that cannot be made is an outage said at once.
describe('a file store whose directory cannot be made', () => {
  it('under /proc is refused at once as unavailable, naming the directory', async () => {
    const dir = '/proc/krakenkit-no-such-place/state';
    const opened = createFileStore({ dir });
    await expect(opened).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(opened).rejects.toThrow(dir);
  });
});
