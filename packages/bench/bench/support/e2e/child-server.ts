/**
 * A bench's server in a child process (its own core on a 2-core machine), driven over IPC. The parent forks the
 * module that defines the server and sends it its setup; the child starts the server on 127.0.0.1 and reports its
 * port and whatever else the parent must know (e.g. the facts of the stream it serves). The parent can then ask the
 * child's CPU time so far (the server's cost per call, whatever the load) or one of the server's own answers (e.g.
 * the stub's per-key stats), and close it: the child stops the server and exits, so a `--cpu-prof` child writes its
 * profile.
 *
 * A server module pairs a typed `start…` for the parent, built on `startChildServer(import.meta.url, setup, …)`,
 * with one line that serves when the module is the forked child:
 *
 *   if (isForkedChild(import.meta.url)) serveInChild(serveMyServer);
 */
import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpuMicrosSince } from './calls.js';

/** A server listening in the child, as its module's serve function started it. */
export interface ChildListening<Info> {
  port: number;
  /** What the parent learns with the port. */
  info: Info;
  /** Answers to the parent's questions by name, computed when asked (structured-cloneable values). */
  answers?: Readonly<Record<string, () => unknown>>;
  /** Stops serving; the child exits once this settles. */
  close(): Promise<void>;
}

/** The parent's handle on a server in a child process. */
export interface ChildServer<Info> {
  port: number;
  pid: number;
  info: Info;
  /** CPU time (user + system, µs) the child process has used so far. */
  cpuMicros(): Promise<number>;
  /** One of the server's `answers`, computed in the child now (`undefined` when it has none by that name). */
  ask(question: string): Promise<unknown>;
  /** Stops the server; resolves once the child has exited. */
  close(): Promise<void>;
}

export interface ChildServerOptions {
  /** Names the server in errors. */
  name: string;
  /** Node flags for the child besides this process's own (e.g. `--cpu-prof`). */
  execArgv?: readonly string[] | undefined;
}

type ToChild<Setup> = { type: 'start'; setup: Setup } | { type: 'ask'; question: string } | { type: 'close' };
type FromChild<Info> =
  | { type: 'ready'; port: number; info: Info }
  | { type: 'failed'; message: string }
  | { type: 'answer'; value: unknown };

/** The question every child answers itself, whatever its server. */
const CPU_QUESTION = '(cpu)';

/**
 * Forks the server module at `moduleUrl` (its `import.meta.url`) with this process's Node flags, so TypeScript
 * loads through tsx there too, and starts its server with `setup` (sent over IPC, so any size fits). Rejects when
 * the server fails to start or the child exits first.
 */
export function startChildServer<Setup, Info>(
  moduleUrl: string,
  setup: Setup,
  options: ChildServerOptions,
): Promise<ChildServer<Info>> {
  const child = fork(fileURLToPath(moduleUrl), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
  });
  const send = (message: ToChild<Setup>) => child.send(message);
  // The child answers one question at a time, in the order asked.
  const waiting: Array<(value: unknown) => void> = [];
  const ask = (question: string) =>
    new Promise<unknown>((resolve) => {
      waiting.push(resolve);
      send({ type: 'ask', question });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${options.name} exited (${code}) before it was ready`)));
    child.once('message', (first: FromChild<Info>) => {
      if (first.type !== 'ready') {
        reject(new Error(`${options.name}: ${first.type === 'failed' ? first.message : 'no start'}`));
        return;
      }
      child.removeAllListeners('exit');
      child.on('message', (message: FromChild<Info>) => {
        if (message.type === 'answer') waiting.shift()?.(message.value);
      });
      resolve({
        port: first.port,
        pid: child.pid ?? 0,
        info: first.info,
        ask,
        cpuMicros: async () => Number(await ask(CPU_QUESTION)),
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            send({ type: 'close' });
          }),
      });
    });
    send({ type: 'start', setup });
  });
}

/** Whether this process is the child `startChildServer` forked to run the module at `moduleUrl`. */
export function isForkedChild(moduleUrl: string): boolean {
  return process.send !== undefined && process.argv[1] === fileURLToPath(moduleUrl);
}

/** The child's side: starts the server with the parent's setup, then answers its questions until told to close. */
export function serveInChild<Setup, Info>(serve: (setup: Setup) => Promise<ChildListening<Info>>): void {
  const reply = (message: FromChild<Info>, then?: () => void) =>
    process.send?.(message, undefined, undefined, () => then?.());
  let running: ChildListening<Info> | undefined;
  process.on('message', (message: ToChild<Setup>) => {
    if (message.type === 'start') {
      serve(message.setup).then(
        (listening) => {
          running = listening;
          reply({ type: 'ready', port: listening.port, info: listening.info });
        },
        // Exit once the parent has the reason; it rejects its start.
        (error: unknown) => reply({ type: 'failed', message: String(error) }, () => process.exit(1)),
      );
      return;
    }
    if (message.type === 'ask') {
      const answer = running?.answers?.[message.question];
      const value = message.question === CPU_QUESTION ? cpuMicrosSince() : answer?.();
      reply({ type: 'answer', value });
      return;
    }
    void (running?.close() ?? Promise.resolve()).then(() => process.exit(0));
  });
  // The parent died without saying goodbye: do not linger.
  process.on('disconnect', () => process.exit(0));
}

/** Listens on an ephemeral loopback port; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
}

/** Closes an HTTP server and the keep-alive connections it still holds. */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
