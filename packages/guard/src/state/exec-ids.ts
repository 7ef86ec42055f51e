import { ValidationError } from '@krakenkit/core';

/**
 * How many execution ids of counted fills are remembered. The repeats to catch are the executions snapshot sent
 * on each (re)subscription (the last 50 fills of the account) and the same fill reported again by another path;
 * a thousand covers those many times over while keeping the exported state small.
 */
export const EXEC_IDS_KEEP_COUNT = 1_000;

/** Longest execution id an event may carry (Kraken's are about 20 characters). */
export const EXEC_ID_MAX_LENGTH = 128;

/**
 * The execution ids of the fills counted last, oldest first, at most {@link EXEC_IDS_KEEP_COUNT}: a fill
 * reported again with one of them is not counted twice. Bounded by count only, in the order fills were applied,
 * so every process folding the same journal keeps the same ids; a time bound would let an old fill of an order
 * still open count again when a snapshot repeats it.
 */
export class ExecIds {
  readonly #ids = new Set<string>();

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remembers a counted fill's id, forgetting the oldest beyond the bound. */
  note(id: string): void {
    this.#ids.add(id);
    for (const oldest of this.#ids) {
      if (this.#ids.size <= EXEC_IDS_KEEP_COUNT) return;
      this.#ids.delete(oldest);
    }
  }

  /** Oldest first (exported with the state). */
  all(): string[] {
    return [...this.#ids];
  }

  get size(): number {
    return this.#ids.size;
  }
}

/** Checks an event's execution id: non-empty text of at most {@link EXEC_ID_MAX_LENGTH} characters. */
export function checkExecId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > EXEC_ID_MAX_LENGTH)
    throw new ValidationError('execId', value, `text of 1 to ${EXEC_ID_MAX_LENGTH} characters`);
  return value;
}
