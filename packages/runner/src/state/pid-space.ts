import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';

let cached: string | null | undefined;

/**
 * What names this process's pid space: the kernel's boot id and the pid namespace, hashed (Linux only; undefined
 * elsewhere). Two processes with the same value see the same pids, so one can tell for sure that the other's pid
 * no longer runs: a hostname alone cannot (two machines or two containers may share one, each with its own pids).
 */
export function pidSpace(): string | undefined {
  if (cached === undefined) cached = readPidSpace() ?? null;
  return cached ?? undefined;
}

function readPidSpace(): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const namespace = readlinkSync('/proc/self/ns/pid');
    if (boot === '' || namespace === '') return undefined;
    return createHash('sha256').update(`${boot}\n${namespace}`).digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}
