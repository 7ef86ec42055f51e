import { setTimeout as sleep } from 'node:timers/promises';
import { KrakenkitError } from '@krakenkit/client';
import { callMayBeRepeated } from './call-again.js';
import type { BotClient } from './connect.js';
import { describeError } from './halting.js';

/** Calls of CancelAllOrdersAfter per key and refresh, the first included. */
const SWITCH_ATTEMPTS = 3;
/** First pause between them (ms); each next one doubles. */
const SWITCH_BACKOFF_MS = 250;

/** Code of {@link DeadManSwitchError}. */
export const DEAD_MAN_SWITCH_FAILED = 'KRAKENKIT_DEAD_MAN_SWITCH_FAILED';

/**
 * CancelAllOrdersAfter kept failing on a key after its retries. Its `cause` is the last failure: an auth or
 * permission error there still halts the session (the halt check follows the cause chain).
 */
export class DeadManSwitchError extends KrakenkitError {
  override name = 'DeadManSwitchError';
  /** The key the switch could not be set on, by name. */
  readonly key: string;

  constructor(key: string, attempts: number, cause: unknown) {
    const { code, message } = describeError(cause);
    super(
      `the dead man's switch could not be set on key ${key} (${attempts} attempt(s); last: ${code}: ${message})`,
      {
        code: DEAD_MAN_SWITCH_FAILED,
        category: cause instanceof KrakenkitError ? cause.category : 'network',
        retryable: true,
        cause,
      },
    );
    this.key = key;
  }
}

/**
 * Kraken's dead man's switch (CancelAllOrdersAfter), one per key: armed at start and pushed back every `refreshMs`
 * while the session runs. If the runner dies or hangs, Kraken cancels every open order of the key `timeoutSeconds`
 * after the last refresh. It is disarmed (timeout 0) only for the keys the session says are safe: no order a bot
 * owns rests there and no other session relies on the switch (see shutdownDisarms).
 */
export class DeadManSwitch {
  readonly #clients: ReadonlyMap<string, BotClient>;
  readonly timeoutSeconds: number;
  readonly #refreshMs: number;
  #nextAt = 0;
  #armed = false;

  constructor(clients: ReadonlyMap<string, BotClient>, timeoutMs: number, refreshMs: number) {
    this.#clients = clients;
    this.timeoutSeconds = Math.round(timeoutMs / 1000);
    this.#refreshMs = refreshMs;
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** The keys the switch covers, by name. */
  get keys(): string[] {
    return [...this.#clients.keys()];
  }

  /** True when a refresh is due at `now`. */
  due(now: number): boolean {
    return now >= this.#nextAt;
  }

  /**
   * Arms or pushes back the switch on every key, each call retried a few times on transport and service errors.
   * A key that still fails throws DeadManSwitchError; the refresh then stays due, so the next cycle tries again
   * (the timer the last successful call set still runs meanwhile).
   */
  async refresh(now: number): Promise<void> {
    const outcomes = await Promise.allSettled(
      [...this.#clients].map(([key, client]) => this.#set(key, client, this.timeoutSeconds)),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    this.#nextAt = now + this.#refreshMs;
    this.#armed = true;
  }

  /** Turns the switch off (Kraken: timeout 0) on these keys; the others keep counting down. */
  async disarm(keys: Iterable<string>): Promise<void> {
    if (!this.#armed) return;
    this.#armed = false;
    const clients = [...keys].flatMap((key) => {
      const client = this.#clients.get(key);
      return client === undefined ? [] : [[key, client] as const];
    });
    await Promise.all(clients.map(([key, client]) => this.#set(key, client, 0)));
  }

  async #set(key: string, client: BotClient, timeout: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.cancelAllOrdersAfter({ timeout });
        return;
      } catch (error) {
        if (!callMayBeRepeated(error)) throw error;
        if (attempt >= SWITCH_ATTEMPTS) throw new DeadManSwitchError(key, attempt, error);
        await sleep(SWITCH_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }
}
