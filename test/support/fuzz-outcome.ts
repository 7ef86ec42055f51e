import { performance } from 'node:perf_hooks';
import { KrakenError, KrakenkitError, ValidationError } from '@krakenkit/client';
import { GuardRejectedError } from '@krakenkit/guard';
import { expect } from 'vitest';
import { POLLUTION_MARK } from './fuzz-hostile-values.js';

/** How one call ended. `hung` = it had not settled after the hang bound (a bug: nothing here waits on I/O). */
export type Outcome =
  | { kind: 'ok'; value: unknown; ms: number }
  | { kind: 'error'; error: unknown; ms: number }
  | { kind: 'hung'; ms: number };

/** Wide: the in-process mock answers in microseconds; this only tells a hang (never settles) from a loaded machine. */
export const HANG_BOUND_MS = 30_000;

export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS);
  });
  try {
    // `call()` itself may throw synchronously: that counts as an error too (a crash would be one).
    const settled = await Promise.race([Promise.resolve().then(call), hang]);
    const ms = performance.now() - started;
    return settled === 'hung' ? { kind: 'hung', ms } : { kind: 'ok', value: settled, ms };
  } catch (error) {
    return { kind: 'error', error, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Object.prototype's own names now, to compare after hostile input. */
export function prototypeNames(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

export function expectPrototypeClean(before: readonly string[]): void {
  expect(prototypeNames()).toEqual(before);
  expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined();
}

/** Refused before anything left the process: a validation, guard, permission or config error. */
export function isLocalRefusal(error: unknown): boolean {
  return error instanceof KrakenkitError && !(error instanceof KrakenError) && error.category !== 'network';
}

/** A short text for a failure message (never the 1 MB strings themselves). */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'hung') return `hung for ${Math.round(outcome.ms)} ms`;
  if (outcome.kind === 'ok') return 'resolved';
  const error = outcome.error;
  if (error instanceof ValidationError) return `ValidationError(${error.field.slice(0, 80)})`;
  if (error instanceof GuardRejectedError) return `GuardRejectedError(${error.code})`;
  if (error instanceof KrakenkitError) return `${error.name}(${error.code.slice(0, 80)})`;
  return `untyped ${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 120)}`;
}

/** The field a typed refusal names (ValidationError field, or the guard's violations' fields). */
export function namedFields(error: unknown): string[] {
  if (error instanceof ValidationError) return [error.field];
  if (error instanceof GuardRejectedError) {
    return error.violations.map((violation) => violation.field ?? '').filter((field) => field !== '');
  }
  return [];
}
