// The soak's child processes: the loopback mock exchange and the krakenkit runs, with their output kept in files.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

// Every child runs from the TypeScript sources, as `pnpm soak` and `pnpm krakenkit` do. tsx is named by its
// resolved URL so a child may run in another directory (the runs' own, where their default state would go).
const NODE_ARGS = ['--conditions=@krakenkit/source', '--import', import.meta.resolve('tsx')];
const CLI = fileURLToPath(new URL('../../packages/runner/src/cli.ts', import.meta.url));
const STARTED = /started \d+ bot\(s\)/;
// What `krakenkit run` says when Ctrl-C comes before its start-up (leases, the switch, adoption) is done.
const STOPPING_AFTER_START_UP = /stopping once start-up is done/;

/** Which of the flags the soak needs the runner has (read from its `run --help`). */
export function runnerFlags(root) {
  const help = spawnSync(process.execPath, [...NODE_ARGS, CLI, 'run', '--help'], {
    cwd: root,
    encoding: 'utf8',
  });
  const text = `${help.stdout}${help.stderr}`;
  return { store: text.includes('--store'), cancelOrphans: text.includes('--cancel-orphans') };
}

/** Starts the mock exchange in its own process with its admin route on; resolves once it listens. */
export async function startMock({ root, optionsFile, token, outFile }) {
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, 'packages/mock-exchange/src/bin.ts', '--options', optionsFile, '--admin'],
    {
      cwd: root,
      env: { ...process.env, KRAKENKIT_MOCK_ADMIN_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out = privateFile(outFile);
  child.stderr.pipe(out);
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /mock Kraken REST:\s+(\S+)/.exec(text);
      if (match !== null) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`the mock exchange exited (${code}) before listening; see ${outFile}`)),
    );
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** One `krakenkit run` process; `ready` settles true once its bots started, false if it exited first. */
export class BotProcess {
  constructor({ index, cwd, args, env, outFile }) {
    this.index = index;
    this.startedAt = undefined;
    this.exit = undefined;
    this.toldToEndAt = undefined;
    this.child = spawn(process.execPath, [...NODE_ARGS, CLI, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = privateFile(outFile);
    this.child.stdout.pipe(out, { end: false });
    this.child.stderr.pipe(out, { end: false });
    this.stoppedInStartUp = false;
    let errText = '';
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk) => {
      errText = (errText + chunk).slice(-512);
      if (STOPPING_AFTER_START_UP.test(errText)) this.stoppedInStartUp = true;
    });
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      this.exit = { code, signal, at: Date.now() };
      out.end();
      return this.exit;
    });
    this.ready = new Promise((resolve) => {
      let text = '';
      this.child.stdout.setEncoding('utf8');
      this.child.stdout.on('data', (chunk) => {
        if (this.startedAt !== undefined) return;
        text = (text + chunk).slice(-4096);
        if (STARTED.test(text)) {
          this.startedAt = Date.now();
          resolve(true);
        }
      });
      void this.exited.then(() => resolve(false));
    });
  }

  get alive() {
    return this.exit === undefined;
  }

  /** The exit, when the process ended without being told to (it halted, failed or crashed). */
  get exitedOnItsOwn() {
    return this.exit !== undefined && this.exit.at < (this.toldToEndAt ?? Number.POSITIVE_INFINITY)
      ? this.exit
      : undefined;
  }

  /** kill -9: no chance to clean up. */
  kill9() {
    this.toldToEndAt ??= Date.now();
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /**
   * Ctrl-C, then up to `graceMs` for the graceful shutdown; kill -9 after that (reported as not clean). `stopMs`:
   * from Ctrl-C to the exit; `starting`: Ctrl-C came during start-up, which finishes first (the run says so).
   */
  async stop(graceMs) {
    this.toldToEndAt ??= Date.now();
    if (!this.alive) return { ...this.exit, clean: false };
    const from = Date.now();
    this.child.kill('SIGINT');
    const timer = sleep(graceMs).then(() => 'timeout');
    const late = (await Promise.race([this.exited, timer])) === 'timeout';
    if (late) this.child.kill('SIGKILL');
    const exit = await this.exited;
    const stopMs = exit.at - from;
    return { ...exit, clean: !late && exit.code === 130, stopMs, starting: this.stoppedInStartUp };
  }
}

/**
 * Starts `launch()` until one run reports its bots started, retrying a run that exits first (a restarted
 * process may be refused while its dead predecessor's bot-name leases have not expired yet), until `deadline`.
 * Resolves with the run that started, or the one still starting at the deadline (`started` false), and the exits
 * of the refused attempts.
 */
export async function startTrading(launch, deadline) {
  const attempts = [];
  while (true) {
    const run = launch(attempts.length + 1);
    const late = sleep(Math.max(0, deadline - Date.now())).then(() => 'late');
    const outcome = await Promise.race([run.ready, late]);
    if (outcome === true || outcome === 'late') return { run, started: outcome === true, attempts };
    attempts.push(run.exit);
    if (Date.now() >= deadline) return { run, started: false, attempts };
    await sleep(1000);
  }
}

// Process output holds order flow: only this user may read it.
function privateFile(path) {
  return createWriteStream(path, { flags: 'a', mode: 0o600 });
}
