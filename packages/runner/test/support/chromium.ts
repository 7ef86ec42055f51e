import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or the one `CHROMIUM_PATH` names. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

/**
 * Whether the browser tests can run, and why they are skipped when they cannot. Under CI a missing Chromium
 * fails the suite instead (CI must skip nothing: .ci/run installs Debian's chromium).
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): {
  available: boolean;
  suiteOptions: { skip: boolean; meta: { skipReason?: string } };
} {
  const problem = probe();
  if (problem !== undefined && env['CI'])
    throw new Error(
      `Chromium not runnable at ${CHROMIUM_PATH} (${problem}), and CI must skip nothing: apt-get install chromium`,
    );
  const skipReason =
    problem === undefined
      ? undefined
      : `Chromium not runnable at ${CHROMIUM_PATH} (${problem}): apt-get install chromium`;
  return {
    available: skipReason === undefined,
    suiteOptions: { skip: skipReason !== undefined, meta: skipReason === undefined ? {} : { skipReason } },
  };
}

function probe(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch (error) {
    return (error as Error).message;
  }
  const run = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error !== undefined) return run.error.message;
  return run.status === 0 ? undefined : run.stderr.trim() || `exit ${run.status}`;
}

/** Headless Chromium through playwright-core; as root (a container, CI) without its sandbox, which cannot start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
