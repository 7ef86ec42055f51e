import { createHook } from 'node:async_hooks';

/**
 * Tracks timers and TCP sockets created by code whose stack passes through `pathFragment` (e.g. `/src/ws/`), and
 * forgets them when Node destroys them (timer fired or cleared, socket closed). Unlike a process-wide count, other
 * code running in the same worker (the stub server, the test runner) cannot disturb it.
 */
export function trackResources(pathFragment: string): { live(): string[]; stop(): void } {
  const live = new Map<number, string>();
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const hook = createHook({
    init(asyncId, type) {
      if (type !== 'Timeout' && type !== 'TCPWRAP') return;
      const stack = new Error().stack ?? '';
      if (stack.includes(pathFragment)) live.set(asyncId, type);
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  });
  hook.enable();
  return {
    live: () => [...live.values()],
    stop: () => {
      hook.disable();
      Error.stackTraceLimit = previousLimit;
    },
  };
}
