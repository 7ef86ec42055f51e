import { nameForMessage } from '@krakenkit/core/config';
import { z } from 'zod';
import { CANDLE_INTERVALS, type CandleInterval, isCandleInterval } from '../candles/intervals.js';

/** The most closed candles a bot may ask to keep per series (bounds the memory one series holds). */
export const MAX_CANDLE_KEEP = 10_000;

const NAMES = Object.keys(CANDLE_INTERVALS).join(', ');

const interval = z.string({ error: `expected an interval: ${NAMES}` }).refine(isCandleInterval, {
  error: (issue) => `unknown interval ${nameForMessage(issue.input)}: use one of ${NAMES}`,
});

/**
 * A bot's `candles:`: the series it wants on each of its pairs besides what its strategy declares, and how many
 * closed candles each keeps: `{ intervals: [5m, 1h], keep: 300 }` (`intervals: 5m` for one).
 */
export const botCandlesSchema = z
  .strictObject({
    /** One interval or a list of them: 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 15d. */
    intervals: z.union([interval, z.array(interval).min(1, { error: 'give at least one interval' })]),
    /** Closed candles kept per series (1–10,000; default 500, or more where the strategy keeps more). */
    keep: z
      .int({ error: 'expected a whole number of candles' })
      .min(1, { error: 'expected at least 1 candle' })
      .max(MAX_CANDLE_KEEP, { error: `expected at most ${MAX_CANDLE_KEEP} candles` })
      .optional(),
  })
  .superRefine((value, context) => {
    const list = typeof value.intervals === 'string' ? [value.intervals] : value.intervals;
    list.forEach((name, index) => {
      if (list.indexOf(name) !== index)
        context.addIssue({
          code: 'custom',
          message: `${name} is listed twice`,
          path: ['intervals', index],
        });
    });
  })
  .transform((value) => ({
    intervals: (typeof value.intervals === 'string'
      ? [value.intervals]
      : value.intervals) as CandleInterval[],
    ...(value.keep === undefined ? {} : { keep: value.keep }),
  }));

/** A bot's `candles:`, validated. */
export type BotCandles = z.output<typeof botCandlesSchema>;
