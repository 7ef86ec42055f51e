import type { ApiKeyConfig } from '../../src/keys/api-key.js';
import { ALL_PERMISSIONS } from '../../src/keys/permissions.js';
import type { RateLimiter, RateOutcome, RateTicket } from '../../src/rate-limit/types.js';
import { randomSecret, uniqueApiKey } from './loopback-kraken.js';

/** A limiter that lets everything through at once and records what it was told. */
export function passthroughLimiter(): RateLimiter & { tickets: RateTicket[]; outcomes: RateOutcome[] } {
  const tickets: RateTicket[] = [];
  const outcomes: RateOutcome[] = [];
  return {
    tickets,
    outcomes,
    run: (ticket, send) => {
      tickets.push(ticket);
      return send();
    },
    observe: (_ticket, outcome) => {
      outcomes.push(outcome);
    },
    budget: () => ({
      rest: { counter: 0, max: 15, decayPerSecond: 0.33 },
      trading: {},
      throttledUntil: undefined,
    }),
  };
}

/** A key with every permission (or the given ones), a fresh secret and a process-unique public key. */
export function testKey(overrides: Partial<ApiKeyConfig> = {}): ApiKeyConfig {
  return {
    name: 'test-key',
    apiKey: uniqueApiKey(),
    apiSecret: randomSecret(),
    permissions: ALL_PERMISSIONS,
    ...overrides,
  };
}

/** Timers that never wait and record the waits asked for. */
export function instantTimers(): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  waits: number[];
} {
  const waits: number[] = [];
  return {
    waits,
    now: Date.now,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
}
