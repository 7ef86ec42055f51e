import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

/**
 * Whether tmux can be run here, and why a suite needing it is skipped when it cannot. Under CI a missing tmux
 * fails the suite instead (CI must skip nothing: it installs tmux from Debian).
 */
export function tmuxForTests(env: NodeJS.ProcessEnv = process.env): {
  available: boolean;
  suiteOptions: { skip: boolean; meta: { skipReason?: string } };
} {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  const problem = probe.error?.message ?? (probe.status === 0 ? undefined : probe.stderr.trim());
  if (problem !== undefined && env['CI'])
    throw new Error(`tmux not runnable (${problem}), and CI must skip nothing: apt-get install tmux`);
  const skipReason =
    problem === undefined ? undefined : `tmux not runnable (${problem}): apt-get install tmux`;
  return {
    available: skipReason === undefined,
    suiteOptions: { skip: skipReason !== undefined, meta: skipReason === undefined ? {} : { skipReason } },
  };
}

/**
 * One tmux pane running a command, on a tmux server of its own (a private socket, no user config), so a test
 * reads exactly what a person would see in a terminal of that size.
 */
export class TmuxPane {
  readonly #socket = `krakenkit-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly #socketPath: string;

  /** Starts `command` (a shell command line) in a detached `columns`×`rows` window. */
  constructor(command: string, columns: number, rows: number) {
    this.#tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(columns),
      '-y',
      String(rows),
      command,
    ]);
    this.#socketPath = this.#tmux(['display-message', '-p', '#{socket_path}']).trim();
  }

  /** The visible screen, wrapped lines joined (a line wider than the window reads as one long line). */
  screen(): string[] {
    return this.#tmux(['capture-pane', '-p', '-J', '-t', 'main']).replace(/\n+$/, '').split('\n');
  }

  /** The visible screen with its colour codes. */
  screenWithColour(): string {
    return this.#tmux(['capture-pane', '-p', '-e', '-t', 'main']);
  }

  /** Everything the pane shows and has scrolled away (its whole history). */
  history(): string[] {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', 'main']).split('\n');
  }

  resize(columns: number, rows: number): void {
    this.#tmux(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)]);
  }

  /** Sends keys as typed (`C-c` is Ctrl-C). */
  sendKeys(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Ends this pane's tmux server (only ours: it has its own socket) and removes its socket file. */
  kill(): void {
    spawnSync('tmux', ['-L', this.#socket, 'kill-server'], { env: outsideTmux() });
    rmSync(this.#socketPath, { force: true });
  }

  #tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, ...args], { encoding: 'utf8', env: outsideTmux() });
  }
}

// A test run from inside a tmux session must not look nested to the tmux it starts.
function outsideTmux(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['TMUX'];
  delete env['TMUX_PANE'];
  return env;
}
