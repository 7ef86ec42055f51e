/**
 * The machine's load, sampled around each round: on a shared 2-core machine every figure moves with it, so each
 * round carries its `os.loadavg()` at start and end, and a summary names the range.
 */
import { cpus, loadavg } from 'node:os';

/** `os.loadavg()` (1, 5 and 15 minutes) at one moment. */
export interface LoadSample {
  /** Epoch ms. */
  at: number;
  one: number;
  five: number;
  fifteen: number;
}

export function sampleLoad(): LoadSample {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return { at: Date.now(), one, five, fifteen };
}

/** `2.10/3.05/3.20` (1/5/15 min). */
export function formatLoad(sample: LoadSample): string {
  return [sample.one, sample.five, sample.fifteen].map((value) => value.toFixed(2)).join('/');
}

/**
 * The 1-minute load over a set of rounds' start and end samples, as `low–high` (e.g. `1.52–2.40`): the compact
 * form the BENCH line and the combined table carry.
 */
export function loadRange(samples: readonly LoadSample[]): string {
  if (samples.length === 0) return '';
  const ones = samples.map((sample) => sample.one);
  return `${Math.min(...ones).toFixed(2)}–${Math.max(...ones).toFixed(2)}`;
}

/** The load now, for a script's header or closing line: `load average 2.10/3.05/3.20 (1/5/15 min)`. */
export function describeLoad(): string {
  return `load average ${formatLoad(sampleLoad())} (1/5/15 min)`;
}

/** One line naming the machine and its load now, for a script's header. */
export function describeMachine(): string {
  return `${cpus().length} cores, Node ${process.version}, ${describeLoad()}`;
}
