import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@krakenkit/test-support';
import type { CliIo, InterruptSignal } from '../../src/cli/io.js';

/** A CLI io writing to strings, with interrupts a test can send. */
export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
  interrupt(signal?: InterruptSignal): void;
}

export function memoryIo(
  options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {},
): MemoryIo {
  let out = '';
  let err = '';
  const listeners = new Set<(signal: InterruptSignal) => void>();
  return {
    stdout: {
      write: (text: string) => {
        out += text;
        return true;
      },
      isTTY: options.tty ?? false,
      columns: 160,
    },
    stderr: {
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    out: () => out,
    err: () => err,
    interrupt(signal = 'SIGINT') {
      for (const listener of [...listeners]) listener(signal);
    },
  };
}

/** A fresh temporary directory with the given files written into it. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-runner-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export { waitFor };
