import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from '@krakenkit/test-support';

const ROOT = join(import.meta.dirname, '../../../..');

/** `krakenkit run` as a real process (from source, as `pnpm krakenkit` runs it), with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  /** Waits until stdout matches (after `from`, an offset into it). */
  waitForOut(pattern: RegExp, what: string, from?: number): Promise<void>;
  /** Waits until stdout holds `count` lines containing `text` (after `from`). */
  waitForLines(text: string, count: number, what: string, from?: number): Promise<void>;
}

/**
 * Starts `krakenkit <args>` with `env` added to this process's environment, in the repository root or in `cwd`
 * (where the CLI then writes its `.krakenkit/` outputs).
 */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): CliProcess {
  // From another directory, tsx and the CLI are named by their paths: a bare `tsx` resolves from the cwd.
  const tsx =
    options.cwd === undefined ? 'tsx' : pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(
    process.execPath,
    ['--conditions=@krakenkit/source', '--import', tsx, join(ROOT, 'packages/runner/src/cli.ts'), ...args],
    { cwd: options.cwd ?? ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal as NodeJS.Signals))),
  );
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitForOut: (pattern, what, from = 0) => waitFor(() => pattern.test(out.slice(from)), what),
    waitForLines: (text, count, what, from = 0) =>
      waitFor(
        () =>
          out
            .slice(from)
            .split('\n')
            .filter((line) => line.includes(text)).length >= count,
        what,
      ),
  };
}
