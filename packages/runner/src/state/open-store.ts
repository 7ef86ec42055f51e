import type { StateStore } from '@krakenkit/core/store';
import { createMemoryStore, openStore } from '@krakenkit/store';
import type { StoreSpec } from './store-spec.js';

/**
 * Opens the store a spec names: the one place the runner turns a spec into a store. A directory is created for
 * the user only (0700, like the rest of `.krakenkit/`); one open to other users is refused.
 */
export async function openStateStore(spec: StoreSpec): Promise<StateStore> {
  if (spec.kind === 'memory') return createMemoryStore();
  return openStore(spec.kind === 'file' ? spec.directory : spec.url);
}
