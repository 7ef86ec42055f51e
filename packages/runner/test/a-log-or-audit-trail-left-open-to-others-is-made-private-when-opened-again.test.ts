/**
 * A mode given when a file is opened counts only when the file is created: a log or audit trail left 0644 (by an
 * earlier version, a copy, another umask) and a `.krakenkit/` left 0755 would stay readable by others while a run
 * or a dashboard appends order flow to them. Opening them makes them the user's alone again; what they held stays.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { appendControlAudit } from '../src/dashboard/controls/control-audit.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** A file as an older run left it: readable by everyone. */
function leftOpen(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o644);
}

/** `.krakenkit/` as an older run left it: listable by everyone. */
function openStateDirectory(cwd: string): string {
  const directory = join(cwd, '.krakenkit');
  mkdirSync(directory);
  chmodSync(directory, 0o755);
  return directory;
}

let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe('a run', () => {
  it('makes an existing 0644 log and audit trail 0600 and an existing 0755 .krakenkit/ 0700, and appends to them', async () => {
    const cwd = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const directory = openStateDirectory(cwd);
    leftOpen(join(directory, 'bot.log'), '{"msg":"an earlier run"}\n');
    leftOpen(join(directory, 'bot-audit.jsonl'), '{"type":"an earlier run"}\n');
    const io = memoryIo({ cwd });
    expect(await runCli(['run', 'bot.yaml', '--duration', '1ms', '--status', 'plain'], io)).toBe(EXIT.ok);
    expect(io.err()).toBe('');
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(directory, 'bot.log'))).toBe(0o600);
    expect(mode(join(directory, 'bot-audit.jsonl'))).toBe(0o600);
    const audit = readFileSync(join(directory, 'bot-audit.jsonl'), 'utf8').split('\n');
    expect(audit[0]).toBe('{"type":"an earlier run"}');
    expect(audit.length).toBeGreaterThan(2);
    expect(readFileSync(join(directory, 'bot.log'), 'utf8')).toMatch(/^\{"msg":"an earlier run"\}\n\{/);
  });

  it('leaves a directory the user named for the log as it is, and still makes the log 0600', async () => {
    const cwd = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const logs = join(cwd, 'logs');
    mkdirSync(logs);
    chmodSync(logs, 0o755);
    leftOpen(join(logs, 'run.log'), '');
    const io = memoryIo({ cwd });
    const args = ['run', 'bot.yaml', '--duration', '1ms', '--status', 'plain', '--log-file', 'logs/run.log'];
    expect(await runCli(args, io)).toBe(EXIT.ok);
    expect(mode(logs)).toBe(0o755);
    expect(mode(join(logs, 'run.log'))).toBe(0o600);
  });
});

describe('a dashboard', () => {
  it('makes an existing 0644 log 0600 and an existing 0755 .krakenkit/ 0700 before it serves', async () => {
    const cwd = tempDir({ 'bot.yaml': DASHBOARD_YAML });
    const directory = openStateDirectory(cwd);
    leftOpen(join(directory, 'bot-dashboard.log'), '{"msg":"an earlier dashboard"}\n');
    const io = memoryIo({ cwd });
    const exit = runCli(['dashboard', 'bot.yaml'], io);
    await waitFor(() => io.out().includes('/?token='), 'the dashboard URL');
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(directory, 'bot-dashboard.log'))).toBe(0o600);
    io.interrupt('SIGINT');
    expect(await exit).toBe(EXIT.ok);
    expect(readFileSync(join(directory, 'bot-dashboard.log'), 'utf8')).toMatch(
      /^\{"msg":"an earlier dashboard"\}\n/,
    );
  });

  it('makes the audit trail 0600 before it appends a control to it', () => {
    const trail = join(tempDir(), 'audit.jsonl');
    leftOpen(trail, '{"type":"decision"}\n');
    appendControlAudit(trail, {
      at: 1,
      action: 'kill-switch',
      target: 'account',
      by: 'api',
      outcome: 'done',
      detail: 'trading state HALTED: test',
    });
    expect(mode(trail)).toBe(0o600);
    expect(readFileSync(trail, 'utf8').split('\n')).toHaveLength(3);
  });
});
