import { KrakenkitError } from '@krakenkit/core';

/** Code of a bot halted because a position it opened could not be protected on the exchange. */
export const UNPROTECTED_POSITION = 'KRAKENKIT_UNPROTECTED_POSITION';

/** What the runner knew when it gave up protecting a position. */
export interface UnprotectedPosition {
  bot: string;
  /** The entry's tag and txid. */
  entry: string;
  txid: string;
  /** The pair's display name (`XBT/USD`). */
  pair: string;
  /** What was left of the position, base volume as decimal text. */
  volume: string;
  /** Why the exchange holds no stop: the conditional close not created, then the stand-in refused (code: text). */
  refusal: string;
  /** Whether the market order closing the position was accepted (else why not). */
  close: { placed: true } | { placed: false; refusal: string };
}

/**
 * A bot's entry filled, the exchange created no stop for the position within the bound, and the standalone stop
 * the runner placed instead was refused: the runner closed the position at market (or tried to) and halted the
 * bot, which opens nothing more in this session. Code `KRAKENKIT_UNPROTECTED_POSITION`; the message says whether
 * the position is still open, and then that it is unprotected.
 */
export class UnprotectedPositionError extends KrakenkitError {
  override name = 'UnprotectedPositionError';
  readonly position: UnprotectedPosition;

  constructor(position: UnprotectedPosition) {
    const { bot, entry, txid, pair, volume, refusal, close } = position;
    const outcome = close.placed
      ? `closed the position at market (${volume} ${pair})`
      : `closing it at market was refused too (${close.refusal}): the position of ${volume} ${pair} is OPEN AND UNPROTECTED, close it by hand`;
    super(
      `bot "${bot}": entry ${entry} (${txid}) filled and the exchange holds no stop for its position; the standalone stop placed instead was refused (${refusal}); ${outcome}. The bot is halted: it opens nothing more until the session is restarted`,
      { code: UNPROTECTED_POSITION, category: 'exchange-rejection' },
    );
    this.position = { ...position };
  }
}
