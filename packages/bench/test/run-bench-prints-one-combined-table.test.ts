/**
 * scripts/run-bench.mjs runs every packages/*\/bench/*.bench.ts, echoes human lines, keeps BENCH lines for one final
 * table (each row labelled e2e or in-memory, with its range over rounds and the load), lists scripts without
 * figures, reports failures and exits non-zero when one failed. Run here on fixture scripts
 * (test/fixtures/run-bench) so no real benchmark runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/run-bench.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/run-bench', import.meta.url));

function runBench(...args: string[]) {
  const run = spawnSync(process.execPath, [script, ...args], {
    cwd: fixtures,
    encoding: 'utf8',
    timeout: 100_000, // a hang bound only: spawnSync blocks the test timeout
  });
  return { status: run.status, out: run.stdout };
}

describe('run-bench', () => {
  it('echoes human lines, tables the BENCH lines, and fails when a script fails', () => {
    const { status, out } = runBench();
    expect(status).toBe(1);
    expect(out).toContain('demo: human line');
    expect(out).toContain('silent: only human figures here');
    expect(out).not.toMatch(/^BENCH /m);
    const table = out.slice(out.indexOf('## All figures'));
    expect(table).toMatch(/demo\s+in-memory\s+fast thing\s+123,457\s+ops\/s\s+slow thing\s+3\.25x/);
    expect(table).toMatch(/demo\s+in-memory\s+slow thing\s+4\.57\s+µs\s+\d+\.\d\d–\d+\.\d\d\s+a note/);
    expect(table).toMatch(/c-fails\.bench\.ts\s+FAILED \(exit 3\)/);
    expect(out).toContain('ignored a malformed BENCH line');
    expect(out).toMatch(/no BENCH lines .*b-silent\.bench\.ts/);
    expect(out).toContain('3 benchmark scripts run, 1 failed');
  });

  it('shows an e2e row with its median, its range over rounds and the load over them', () => {
    const { out } = runBench('a-figures');
    const table = out.slice(out.indexOf('## All figures'));
    expect(table).toMatch(/demo\s+e2e\s+over sockets\s+246\.1\s+231\.0–300\.2 \(5\)\s+µs\s+1\.52–2\.40/);
    expect(out).toMatch(
      /load average \(1\/5\/15 min\): [\d.]+\/[\d.]+\/[\d.]+ at start, [\d.]+\/[\d.]+\/[\d.]+ at end/,
    );
  });

  it('filters scripts, echoes machine lines with --raw and prints Markdown with --md', () => {
    const { status, out } = runBench('a-figures', '--raw', '--md');
    expect(status).toBe(0);
    expect(out).toMatch(/^BENCH \{"bench":"demo"/m);
    expect(out).toMatch(
      /\| demo \| in-memory \| fast thing \| 123,457 \| {2}\| ops\/s \| slow thing \| 3\.25x \| [\d.]+–[\d.]+ \| {2}\|/,
    );
    expect(out).toContain(
      '| demo | e2e | over sockets | 246.1 | 231.0–300.2 (5) | µs |  |  | 1.52–2.40 |  |',
    );
    expect(out).toContain('1 benchmark scripts run, 0 failed');
  });
});
