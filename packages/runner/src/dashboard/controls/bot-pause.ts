import type { BotRunner } from '../../engine/bot-runner.js';

/**
 * Pauses and resumes bots of a running session: a paused bot is shown no market ticks, so its strategy decides
 * nothing new; its resting orders stay, their fills are still counted (and a strategy that answers a fill with
 * an order, as the grid does, still places it). Resuming shows it the next tick.
 *
 * Interim: the session has no pause hook yet, so this shadows the bot's `trades(pair)` with an own property that
 * answers false, and removes it on resume. It goes once BotRunner has `pause()`/`resume()` of its own (the change
 * is described in docs/dashboard.md).
 */
export class BotPauses {
  readonly #paused = new Map<string, number>();

  /** When the bot was paused, if it is. */
  pausedAt(bot: string): number | undefined {
    return this.#paused.get(bot);
  }

  /** Pauses the bot; false when it already was. */
  pause(bot: BotRunner, at: number): boolean {
    if (this.#paused.has(bot.name)) return false;
    Object.defineProperty(bot, 'trades', { value: () => false, configurable: true, writable: true });
    this.#paused.set(bot.name, at);
    return true;
  }

  /** Resumes the bot; false when it was not paused. */
  resume(bot: BotRunner): boolean {
    if (!this.#paused.delete(bot.name)) return false;
    Reflect.deleteProperty(bot, 'trades');
    return true;
  }
}
