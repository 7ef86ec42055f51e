/**
 * The e2e bench harness (bench/support/e2e): contestants take turns in a rotating order after a warm-up, each round
 * carries the load at its start and end, per-round latency statistics use nearest-rank percentiles, summaries give
 * min / median / max across rounds and how many times better one contestant did than another, each figure is
 * reported as one e2e BENCH line, and a CPU profile is summarised by self time with idle time set apart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cpuMicrosSince,
  describeLoad,
  describeMachine,
  emitSpread,
  formatPairedRange,
  formatRange,
  formatSpread,
  latencyStats,
  loadRange,
  loadSamplesOf,
  pairedAdvantage,
  pairedRatios,
  resultsOf,
  rotation,
  runInterleaved,
  spread,
} from '../bench/support/e2e/index.js';
import {
  areaOf,
  type CpuProfile,
  formatProfileSummary,
  shortLocation,
  summarizeProfile,
} from '../bench/support/e2e/profile.js';

describe('interleaved rounds', () => {
  it('rotates the order so each contestant leads in turn', () => {
    const names = ['a', 'b', 'c'];
    expect(rotation(names, 0)).toEqual(['a', 'b', 'c']);
    expect(rotation(names, 1)).toEqual(['b', 'c', 'a']);
    expect(rotation(names, 2)).toEqual(['c', 'a', 'b']);
    expect(rotation(names, 3)).toEqual(['a', 'b', 'c']);
    expect(rotation([], 4)).toEqual([]);
  });

  it('warms each contestant up, then runs every contestant once per round, alone, in the round order', async () => {
    const calls: string[] = [];
    let running = 0;
    let overlapped = false;
    const contestant = (name: string) => async (round: number) => {
      running += 1;
      overlapped ||= running > 1;
      calls.push(`${name}${round}`);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return `${name} in round ${round}`;
    };
    const seen: number[] = [];
    const records = await runInterleaved(
      { x: contestant('x'), y: contestant('y'), z: contestant('z') },
      { rounds: 4, warmupRounds: 1, onRound: (record) => seen.push(record.round) },
    );
    expect(calls).toEqual([
      'x-1',
      'y-1',
      'z-1',
      'x0',
      'y0',
      'z0',
      'y1',
      'z1',
      'x1',
      'z2',
      'x2',
      'y2',
      'x3',
      'y3',
      'z3',
    ]);
    expect(overlapped).toBe(false);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(records.map((record) => record.result.order)).toEqual([
      ['x', 'y', 'z'],
      ['y', 'z', 'x'],
      ['z', 'x', 'y'],
      ['x', 'y', 'z'],
    ]);
    expect(records[2]?.result.results.y).toBe('y in round 2');
    for (const record of records) {
      expect(Number.isFinite(record.loadStart.one)).toBe(true);
      expect(record.loadEnd.at).toBeGreaterThanOrEqual(record.loadStart.at);
    }
    expect(loadSamplesOf(records)).toHaveLength(8);
  });

  it('takes its after-warm-up step between the warm-up and the first timed round', async () => {
    const calls: string[] = [];
    const contestant = (name: string) => async (round: number) => {
      calls.push(`${name}${round}`);
      return round * 10;
    };
    const records = await runInterleaved(
      { x: contestant('x'), y: contestant('y') },
      { rounds: 2, warmupRounds: 2, afterWarmup: async () => void calls.push('warm') },
    );
    expect(calls).toEqual(['x-1', 'y-1', 'x-2', 'y-2', 'warm', 'x0', 'y0', 'y1', 'x1']);
    expect(resultsOf(records, 'y')).toEqual([0, 10]);
  });

  it('states the load over rounds as the range of the 1-minute averages', () => {
    const sample = (one: number) => ({ at: 0, one, five: 9, fifteen: 9 });
    expect(loadRange([sample(2.4), sample(1.519), sample(2)])).toBe('1.52–2.40');
    expect(loadRange([])).toBe('');
  });
});

describe('statistics', () => {
  it('gives mean, nearest-rank p50 and p99, min and max of one round', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(latencyStats(latencies)).toEqual({ count: 100, mean: 50.5, p50: 50, p99: 99, min: 1, max: 100 });
    expect(latencyStats([7])).toMatchObject({ p50: 7, p99: 7, mean: 7 });
    // p99 of 1,000 samples is the 990th smallest, an observed value
    const thousand = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(latencyStats(thousand).p99).toBe(990);
  });

  it('summarises a figure across rounds as min, median and max', () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(spread([]).median).toBeNaN();
  });

  it('pairs ratios round by round', () => {
    expect(pairedRatios([2, 3], [1, 2])).toEqual([2, 1.5]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/1 numerators for 2 denominators/);
  });

  it('says how many times better, of the medians and per round, higher better for rates and lower for costs', () => {
    const rates = pairedAdvantage([300, 100, 200], [100, 100, 400], 'higher');
    expect(rates.ofMedians).toBe(2); // 200 / 100
    expect(rates.paired).toEqual({ min: 0.5, median: 1, max: 3 });
    const costs = pairedAdvantage([10, 40], [20, 20], 'lower');
    expect(costs.ofMedians).toBe(20 / 25);
    expect(costs.paired).toEqual({ min: 0.5, median: 1.25, max: 2 });
  });

  it('counts CPU time from a start, or since the process started', () => {
    const start = process.cpuUsage();
    expect(cpuMicrosSince(start)).toBeGreaterThanOrEqual(0);
    expect(cpuMicrosSince()).toBeGreaterThanOrEqual(cpuMicrosSince(start));
  });
});

describe('reporting', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints a range, a median with its range, and a per-round range of ratios', () => {
    const figure = { min: 231, median: 246.06, max: 300.24 };
    expect(formatRange(figure)).toBe('231.0–300.2');
    expect(formatSpread(figure)).toBe('246.1 (231.0–300.2)');
    expect(formatPairedRange(pairedAdvantage([1, 2], [1, 1.6], 'higher'))).toBe('1.00–1.25x');
  });

  it('names the machine and the load now', () => {
    expect(describeLoad()).toMatch(/^load average \d+\.\d\d\/\d+\.\d\d\/\d+\.\d\d \(1\/5\/15 min\)$/);
    expect(describeMachine()).toMatch(/^\d+ cores, Node v[\d.]+, load average /);
  });

  it('emits one e2e BENCH line per figure: the median as value, its range, rounds, load, and the rounded ratio', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const base = { bench: 'demo', unit: 'req/s', rounds: 5, load: '0.50–0.90' };
    emitSpread({ ...base, metric: 'peer', spread: { min: 1799.4, median: 2124.6, max: 2449 } });
    emitSpread({
      ...base,
      metric: 'mock',
      spread: { min: 8.123, median: 123.456, max: 1234.5 },
      vs: 'peer',
      ratio: 1.23456,
      note: 'paired rounds 1.01–1.23x',
    });
    expect(lines.map((line) => JSON.parse(line.replace(/^BENCH /, '')))).toEqual([
      {
        bench: 'demo',
        metric: 'peer',
        value: 2125,
        unit: 'req/s',
        kind: 'e2e',
        min: 1799,
        max: 2449,
        rounds: 5,
        load: '0.50–0.90',
      },
      {
        bench: 'demo',
        metric: 'mock',
        value: 123.5,
        unit: 'req/s',
        vs: 'peer',
        ratio: 1.23,
        note: 'paired rounds 1.01–1.23x',
        kind: 'e2e',
        min: 8.12,
        max: 1235,
        rounds: 5,
        load: '0.50–0.90',
      },
    ]);
    expect(lines.every((line) => line.startsWith('BENCH {'))).toBe(true);
  });
});

describe('CPU profile summary', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({
    functionName,
    url,
    lineNumber,
    columnNumber: 0,
  });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('run', 'file:///w/packages/client/src/rate-limit/limiter.ts', 41) },
      {
        id: 4,
        callFrame: frame('write', 'file:///w/node_modules/.pnpm/undici@7/node_modules/undici/lib/x.js'),
      },
      { id: 5, callFrame: frame('(garbage collector)', '') },
      { id: 6, callFrame: frame('emit', 'node:events') },
    ],
    startTime: 1000,
    // samples at 1010, 1030, 1060, 1100, 1150; each lasts until the next, the last until endTime
    samples: [3, 4, 2, 3, 5],
    timeDeltas: [10, 20, 30, 40, 50],
    endTime: 1200,
  };

  it('counts self time per function, file and area, each sample lasting until the next, idle apart', () => {
    const summary = summarizeProfile(profile);
    expect(summary.totalMicros).toBe(190);
    expect(summary.idleMicros).toBe(40);
    expect(summary.byArea).toEqual([
      { name: '@krakenkit/client', micros: 70 },
      { name: '(garbage collector)', micros: 50 },
      { name: 'undici', micros: 30 },
    ]);
    expect(summary.byFunction[0]).toEqual({
      name: 'run client/src/rate-limit/limiter.ts',
      micros: 70,
      area: '@krakenkit/client',
    });
    expect(summary.byFunction).toContainEqual({
      name: 'write undici/lib/x.js:1',
      micros: 30,
      area: 'undici',
    });
    expect(summary.byFile.map((row) => row.name)).toContain('undici/lib/x.js');
    const text = formatProfileSummary(summary, 5, 10).join('\n');
    expect(text).toContain('(busy 15.0 µs per call over 10 calls)');
    expect(text).toMatch(/46\.7 %\s+7\.00 µs\/call\s+@krakenkit\/client/);
  });

  it("keeps only the chosen areas' files and functions when asked", () => {
    const text = formatProfileSummary(summarizeProfile(profile), 5, undefined, '@krakenkit/').join('\n');
    const functions = text.slice(text.indexOf('by function'));
    expect(functions).toContain('run client/src/rate-limit/limiter.ts');
    expect(functions).not.toContain('undici');
    expect(text.slice(0, text.indexOf('by file'))).toContain('undici'); // areas stay whole
  });

  it('names where a script lives and the area it belongs to', () => {
    expect(shortLocation('file:///a/node_modules/.pnpm/p@1/node_modules/@scope/pkg/lib/i.js')).toBe(
      '@scope/pkg/lib/i.js',
    );
    expect(areaOf('file:///a/node_modules/.pnpm/p@1/node_modules/@scope/pkg/lib/i.js', 'f')).toBe(
      '@scope/pkg',
    );
    expect(areaOf('node:internal/streams/writable', 'write')).toBe('node internals');
    expect(areaOf('', '(program)')).toBe('(program)');
    expect(areaOf('', 'nativeThing')).toBe('(native)');
    expect(areaOf('file:///w/packages/core/src/params/x.ts', 'f')).toBe('@krakenkit/core');
  });
});
