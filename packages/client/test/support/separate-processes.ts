/**
 * Stand-ins for several processes on one API key, inside one test process. Each "process" is a fresh copy of
 * the client's modules (vitest's module registry reset before importing them again), so it has its own lane
 * registry, default nonce source and limiter: exactly what a second process has, and nothing it would not.
 */
import type { StateStore } from '@krakenkit/core/store';
import { StoreUnavailableError } from '@krakenkit/core/store';
import { vi } from 'vitest';
import type { Transport } from '../../src/transport/types.js';

/** One process's copy of the client's public entries. */
export interface ClientProcess {
  client: typeof import('@krakenkit/client');
  rateLimit: typeof import('@krakenkit/client/rate-limit');
  transport: typeof import('@krakenkit/client/transport');
}

/** Loads the client's entries afresh: module state (the lane registry above all) is not shared with other copies. */
export async function startProcess(): Promise<ClientProcess> {
  vi.resetModules();
  const [client, rateLimit, transport] = await Promise.all([
    import('@krakenkit/client'),
    import('@krakenkit/client/rate-limit'),
    import('@krakenkit/client/transport'),
  ]);
  return { client, rateLimit, transport };
}

/**
 * A network that delays each request by 0–`maxDelayMs` on its way out, as the path between two hosts does: two
 * requests sent a moment apart may arrive in either order. Delays before anything leaves, so timing out or
 * aborting still works as with the inner transport.
 */
export function jitteryNetwork(inner: Transport, maxDelayMs: number): Transport {
  return {
    ...(inner.handlesTimeout === undefined ? {} : { handlesTimeout: inner.handlesTimeout }),
    async send(request) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelayMs));
      return inner.send(request);
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

/** A store that can be taken down: while down, every call throws StoreUnavailableError as a lost connection does. */
export function storeThatCanGoDown(inner: StateStore): { store: StateStore; down: boolean; calls: number } {
  const control = { store: inner, down: false, calls: 0 };
  control.store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        control.calls += 1;
        if (control.down) throw new StoreUnavailableError(target.location, 'connection refused');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return control;
}
