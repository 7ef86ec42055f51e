/**
 * Rounds with the machine's load around each, and side-by-side contestants interleaved in rotating order: in round
 * r (0-based) the contestants run starting from the r-th, so load from other processes, a collection of garbage
 * one contestant left behind, or a warmer cache lands on each of them alike over the rounds.
 */
import { type LoadSample, sampleLoad } from './load.js';

/** What one round gave, with the load when it started and ended. */
export interface RoundRecord<T> {
  /** 0-based. */
  round: number;
  loadStart: LoadSample;
  loadEnd: LoadSample;
  result: T;
}

/** One interleaved round: the order the contestants ran in and each one's result. */
export interface InterleavedResult<K extends string, T> {
  order: K[];
  results: Record<K, T>;
}

export interface InterleaveOptions<K extends string, T> {
  rounds: number;
  /** Untimed rounds first, each contestant once per round in declared order (default 1), numbered -1, -2, … */
  warmupRounds?: number;
  /** Called once the warm-up is over, before the first timed round (e.g. to take a memory reading). */
  afterWarmup?: () => void | Promise<void>;
  /** Called after each timed round, e.g. to print it as it comes. */
  onRound?: (record: RoundRecord<InterleavedResult<K, T>>) => void;
}

/** The order of round `round`: `names` rotated left by `round` (so each name leads in turn). */
export function rotation<K>(names: readonly K[], round: number): K[] {
  const n = names.length;
  if (n === 0) return [];
  const shift = ((round % n) + n) % n;
  return [...names.slice(shift), ...names.slice(0, shift)];
}

/** Runs `body` `count` times, one after another, sampling the load before and after each. */
export async function runRounds<T>(
  count: number,
  body: (round: number) => Promise<T>,
  onRound?: (record: RoundRecord<T>) => void,
): Promise<Array<RoundRecord<T>>> {
  const records: Array<RoundRecord<T>> = [];
  for (let round = 0; round < count; round += 1) {
    const loadStart = sampleLoad();
    const result = await body(round);
    const record = { round, loadStart, loadEnd: sampleLoad(), result };
    records.push(record);
    onRound?.(record);
  }
  return records;
}

/**
 * Warms each contestant up, then runs `rounds` rounds in which every contestant runs once, one at a time, in the
 * round's rotation. Contestants run alone (never two at once), so each has the process to itself while timed.
 */
export async function runInterleaved<K extends string, T>(
  contestants: Record<K, (round: number) => Promise<T>>,
  options: InterleaveOptions<K, T>,
): Promise<Array<RoundRecord<InterleavedResult<K, T>>>> {
  const names = Object.keys(contestants) as K[];
  for (let warm = 0; warm < (options.warmupRounds ?? 1); warm += 1) {
    for (const name of names) await contestants[name](-1 - warm);
  }
  await options.afterWarmup?.();
  return runRounds(
    options.rounds,
    async (round) => {
      const order = rotation(names, round);
      const results = {} as Record<K, T>;
      for (const name of order) results[name] = await contestants[name](round);
      return { order, results };
    },
    options.onRound,
  );
}

/** One contestant's result in every round, in round order (e.g. to take its `spread` of one figure). */
export function resultsOf<K extends string, T>(
  records: ReadonlyArray<RoundRecord<InterleavedResult<K, T>>>,
  name: K,
): T[] {
  return records.map((record) => record.result.results[name]);
}

/** Every load sample of a set of rounds (start and end of each), for `loadRange`. */
export function loadSamplesOf(records: ReadonlyArray<RoundRecord<unknown>>): LoadSample[] {
  return records.flatMap((record) => [record.loadStart, record.loadEnd]);
}
