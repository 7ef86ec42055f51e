import { LeaseHeldError } from '@krakenkit/core/store';
import { botLease } from './keys.js';

/**
 * A bot of the config already runs on this key in another live session (its `bot:<name>` lease is held): a
 * second process would trade against it, so this one starts nothing. Code `KRAKENKIT_LEASE_HELD`; the CLI exits 5.
 */
export class BotAlreadyRunningError extends LeaseHeldError {
  override name = 'BotAlreadyRunningError';

  constructor(
    readonly bot: string,
    holder: string,
    expiresAt: number,
  ) {
    super(
      botLease(bot),
      holder,
      expiresAt,
      `bot "${bot}" already runs on this key in session ${holder} (its lease runs until ${new Date(expiresAt).toISOString()}): nothing was started. Stop that session, or if it died wait for its lease to expire`,
    );
  }
}
