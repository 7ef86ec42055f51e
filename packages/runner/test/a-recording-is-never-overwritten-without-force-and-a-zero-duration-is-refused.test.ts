/**
 * `record --out` names a file that may hold an earlier recording (hours of a live feed): it is refused unless
 * `--force` says to replace it. A `--duration` of zero is a usage error for `run` and `record`: `run --duration 0s`
 * still ran one cycle, placing that cycle's orders, before it stopped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('record --out and --duration 0', () => {
  it('refuses an existing recording without --force and leaves it as it was', async () => {
    const out = join(tempDir(), 'feed.jsonl');
    writeFileSync(out, 'an earlier recording\n');
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['record', '--pair', 'XBT/USD', '--out', out, '--duration', '1s'], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain(`--out: ${out} already exists: give another file, or --force to replace it`);
    expect(readFileSync(out, 'utf8')).toBe('an earlier recording\n');
  });

  it('replaces it with --force', async () => {
    const out = join(tempDir(), 'feed.jsonl');
    writeFileSync(out, 'an earlier recording\n');
    const io = memoryIo({ cwd: ROOT });
    const code = await runCli(
      ['record', '--pair', 'XBT/USD', '--out', out, '--duration', '1s', '--force'],
      io,
    );
    expect(code).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).toMatch(/^\{"format":"krakenkit-recording"/);
  });

  it('refuses --duration 0s for run and record before anything starts', async () => {
    const run = memoryIo({ cwd: ROOT });
    expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '0s'], run)).toBe(EXIT.usage);
    expect(run.err()).toContain('--duration: expected e.g. 20s, 5m, 500ms; got "0s"');
    const record = memoryIo({ cwd: ROOT });
    const out = join(tempDir(), 'feed.jsonl');
    expect(await runCli(['record', '--pair', 'XBT/USD', '--out', out, '--duration', '0ms'], record)).toBe(
      EXIT.usage,
    );
    expect(record.err()).toContain('--duration');
  });
});
