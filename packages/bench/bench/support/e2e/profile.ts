/**
 * CPU profiles of one part of a bench, for "where does the time go": `profiled(body)` samples this process with
 * V8's profiler (the same profiles `node --cpu-prof` writes, but only while `body` runs, so start-up and the other
 * contestants stay out), and `summarizeProfile` turns a profile into self time per function, per file and per
 * area (krakenkit's packages, each dependency, Node internals, GC, idle).
 */
import { Session } from 'node:inspector/promises';

/** The parts of V8's `.cpuprofile` format read here. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Runs `body` under the sampling profiler (interval in µs) and returns its result with the profile. */
export async function profiled<T>(
  body: () => Promise<T>,
  intervalMicros = 100,
): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await session.post('Profiler.start');
    const result = await body();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

/** Self time of one function, file or area (with the area a function or file belongs to). */
export interface SelfTime {
  name: string;
  micros: number;
  area?: string;
}

export interface ProfileSummary {
  /** Sampled time (µs). */
  totalMicros: number;
  /** Time with nothing to run (waiting for the socket). */
  idleMicros: number;
  byFunction: SelfTime[];
  byFile: SelfTime[];
  byArea: SelfTime[];
}

const IDLE = '(idle)';

/** Where a script lives, shortened: `client/src/rate-limit/limiter.ts`, `undici/lib/…`, `node:internal/…`. */
export function shortLocation(url: string): string {
  if (url === '') return '';
  const path = url.replace(/^file:\/\//, '');
  const dependency = path.lastIndexOf('/node_modules/');
  if (dependency >= 0) return path.slice(dependency + '/node_modules/'.length);
  const workspace = path.indexOf('/packages/');
  if (workspace >= 0) return path.slice(workspace + '/packages/'.length);
  return path;
}

/**
 * The area a script belongs to: `@krakenkit/<package>`, a dependency's name, `node internals`, WebAssembly (in these
 * benches only undici's HTTP parser), or a V8 pseudo-frame such as `(garbage collector)`.
 */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm://')) return 'wasm (undici llhttp parser)';
  const location = shortLocation(url);
  if (url.includes('/node_modules/')) {
    const [first = '', second = ''] = location.split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.includes('/packages/')) return `@krakenkit/${location.split('/')[0]}`;
  return location;
}

function rank(totals: Map<string, number>, areas?: Map<string, string>): SelfTime[] {
  return [...totals]
    .map(([name, micros]) => {
      const area = areas?.get(name);
      return area === undefined ? { name, micros } : { name, micros, area };
    })
    .sort((a, b) => b.micros - a.micros);
}

/**
 * A function's name and where it is. Line numbers of TypeScript files are left out: they are lines of tsx's
 * transformed code, not of the source.
 */
function functionLabel(functionName: string, url: string, file: string, lineNumber: number): string {
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  return url.endsWith('.ts') ? `${name} ${file}` : `${name} ${file}:${lineNumber + 1}`;
}

/**
 * Self time per node: each sample lasts until the next one (the last until the profile's end), as Chrome's
 * DevTools counts it.
 */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byArea = new Map<string, number>();
  const areas = new Map<string, string>();
  const add = (map: Map<string, number>, key: string, micros: number) =>
    map.set(key, (map.get(key) ?? 0) + micros);
  let at = profile.startTime;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < samples.length; i += 1) {
    at += deltas[i] ?? 0;
    const next = i + 1 < samples.length ? at + (deltas[i + 1] ?? 0) : profile.endTime;
    const micros = Math.max(0, next - at);
    const frame = frames.get(samples[i]!);
    if (frame === undefined) continue;
    total += micros;
    const area = areaOf(frame.url, frame.functionName);
    if (area === IDLE) {
      idle += micros;
      continue;
    }
    const file = shortLocation(frame.url) || area;
    const label = functionLabel(frame.functionName, frame.url, file, frame.lineNumber);
    add(byFunction, label, micros);
    add(byFile, file, micros);
    add(byArea, area, micros);
    areas.set(label, area).set(file, area);
  }
  return {
    totalMicros: total,
    idleMicros: idle,
    byFunction: rank(byFunction, areas),
    byFile: rank(byFile, areas),
    byArea: rank(byArea),
  };
}

/**
 * The summary as text: busy time, then the top rows of each ranking with their share of busy time (µs per call
 * too when `perCall` calls were made). `areaPrefix` keeps only the files and functions of matching areas (e.g.
 * `@krakenkit/` for krakenkit's own code).
 */
export function formatProfileSummary(
  summary: ProfileSummary,
  top = 15,
  perCall?: number,
  areaPrefix?: string,
): string[] {
  const busy = summary.totalMicros - summary.idleMicros;
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
  const each = (micros: number) =>
    perCall === undefined ? '' : `  ${(micros / perCall).toFixed(2).padStart(7)} µs/call`;
  const lines = [
    `sampled ${(summary.totalMicros / 1e3).toFixed(1)} ms: busy ${(busy / 1e3).toFixed(1)} ms, idle ${(summary.idleMicros / 1e3).toFixed(1)} ms` +
      (perCall === undefined
        ? ''
        : ` (busy ${(busy / perCall).toFixed(1)} µs per call over ${perCall} calls)`),
  ];
  const kept = (rows: SelfTime[]) =>
    areaPrefix === undefined ? rows : rows.filter((row) => row.area?.startsWith(areaPrefix));
  const scope = areaPrefix === undefined ? '' : ` in ${areaPrefix}*`;
  for (const [title, rows] of [
    ['by area', summary.byArea],
    [`by file${scope}`, kept(summary.byFile)],
    [`by function${scope}`, kept(summary.byFunction)],
  ] as const) {
    lines.push(`self time ${title} (share of busy time):`);
    for (const row of rows.slice(0, top))
      lines.push(`  ${share(row.micros)}${each(row.micros)}  ${row.name}`);
  }
  return lines;
}
