import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const mode = (path: string) => statSync(path).mode & 0o777;

// Logs and the audit trail hold order flow, balances and key names: nobody but the user should read them, whatever
// the umask (a common 022 umask would otherwise make them 0644 in 0755 directories).
describe('files the runner creates are private to the user', () => {
  it('creates the log, the audit trail, the state store and their directories 0600 / 0700 under a permissive umask', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const io = memoryIo({ cwd: dir });
    const previous = process.umask(0o022);
    try {
      const code = await runCli(
        ['run', 'bot.yaml', '--duration', '1ms', '--status', 'plain', '--audit-log', 'out/audit/trail.jsonl'],
        io,
      );
      expect(io.err()).toBe('');
      expect(code).toBe(EXIT.ok);
    } finally {
      process.umask(previous);
    }
    // The default log goes to .krakenkit/ in the working directory; the audit trail where the flag said.
    expect(mode(join(dir, '.krakenkit'))).toBe(0o700);
    expect(mode(join(dir, '.krakenkit', 'bot.log'))).toBe(0o600);
    // The durable state store, the default: leases, each bot's orders and state.
    expect(mode(join(dir, '.krakenkit', 'state'))).toBe(0o700);
    expect(mode(join(dir, 'out'))).toBe(0o700);
    expect(mode(join(dir, 'out', 'audit'))).toBe(0o700);
    expect(mode(join(dir, 'out', 'audit', 'trail.jsonl'))).toBe(0o600);
  });
});
