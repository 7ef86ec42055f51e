/**
 * Times a contestant's calls one after another: each call's latency as the caller sees it (µs, from before the
 * call to its settled promise), plus this process's CPU per call (`process.cpuUsage`, the server runs elsewhere)
 * and how many calls did not succeed.
 */

/** What one call reported: `true` for success, anything else counts as a failure. */
export type CallOutcome = boolean;

export interface SequentialRun {
  /** Each call's latency in µs, in call order. */
  latencies: Float64Array;
  /** Wall time of the whole run (µs). */
  wallMicros: number;
  /** This process's CPU (user + system) over the run, per call (µs). */
  cpuMicrosPerCall: number;
  failures: number;
}

/** CPU time (user + system, µs) this process has used since `since` (since it started when left out). */
export function cpuMicrosSince(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** Makes `count` calls one after another, timing each. */
export async function timeSequentialCalls(
  count: number,
  call: () => Promise<CallOutcome>,
): Promise<SequentialRun> {
  const latencies = new Float64Array(count);
  let failures = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const before = process.hrtime.bigint();
    if (!(await call())) failures += 1;
    latencies[i] = Number(process.hrtime.bigint() - before) / 1e3;
  }
  const wallMicros = Number(process.hrtime.bigint() - start) / 1e3;
  return { latencies, wallMicros, cpuMicrosPerCall: cpuMicrosSince(cpuStart) / count, failures };
}
