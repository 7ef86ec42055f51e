import type { Environment } from '../config/credentials.js';

/** Where the CLI writes: process.stdout/stderr, or a test's buffers. */
export interface CliStream {
  /** Writes text as it is (no newline added). */
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when the stream is one. */
  columns?: number;
  /** The terminal's height, when the stream is one. */
  rows?: number;
  /** Whether the terminal shows colour (a TTY's `hasColors`, which reads TERM and the like from `env`). */
  hasColors?(env?: Readonly<Record<string, string | undefined>>): boolean;
  /** A terminal's `resize` (SIGWINCH): the live view redraws for the new size. */
  on?(event: 'resize', listener: () => void): unknown;
  /** Stops listening to `resize`. */
  off?(event: 'resize', listener: () => void): unknown;
}

/** The signals that stop a run gracefully: Ctrl-C (exit 130) and SIGTERM (exit 143). */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: Environment;
  /** Relative paths on the command line are resolved against this. */
  cwd: string;
  /** Subscribes to Ctrl-C / SIGTERM; returns the unsubscribe function. */
  onInterrupt(listener: (signal: InterruptSignal) => void): () => void;
  /**
   * Subscribes to the process exiting however it exits (a second Ctrl-C exits at once): the live view puts the
   * terminal back. The listener must be synchronous. Returns the unsubscribe function.
   */
  onExit?(listener: () => void): () => void;
}

/** The real process: its streams, environment, working directory and signals. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(listener) {
      let interrupts = 0;
      const onSignal = (signal: InterruptSignal) => {
        interrupts += 1;
        // A second Ctrl-C during the graceful shutdown means "now".
        if (interrupts > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
        listener(signal);
      };
      const onInt = () => onSignal('SIGINT');
      const onTerm = () => onSignal('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    onExit(listener) {
      process.on('exit', listener);
      return () => process.off('exit', listener);
    },
  };
}
