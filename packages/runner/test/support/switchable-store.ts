import { type StateStore, StoreUnavailableError } from '@krakenkit/core/store';

/** A state store the test can switch off (as a Redis that went away) and on again. */
export interface SwitchableStore extends StateStore {
  /** While false every call fails with StoreUnavailableError and nothing reaches the store underneath. */
  up: boolean;
  /** Calls refused while it was off. */
  readonly refused: number;
}

/** Wraps `inner`: on by default; `close()` always reaches it. */
export function switchable(inner: StateStore): SwitchableStore {
  let refused = 0;
  const state = { up: true };
  const handler: ProxyHandler<StateStore> = {
    get(target, property, receiver) {
      if (property === 'up') return state.up;
      if (property === 'refused') return refused;
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'close') return value.bind(target);
      return (...args: unknown[]) => {
        if (state.up) return value.apply(target, args);
        refused += 1;
        return Promise.reject(new StoreUnavailableError(target.location, 'switched off by the test'));
      };
    },
    set(_target, property, value) {
      if (property !== 'up') return false;
      state.up = value === true;
      return true;
    },
  };
  return new Proxy(inner, handler) as SwitchableStore;
}
