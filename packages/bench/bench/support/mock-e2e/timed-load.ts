/**
 * One timed run of the load, whatever carries it (load.ts: undici; raw-load.ts: prepared bytes over node:net):
 * `connections` workers, one key and one connection each, one call in flight per connection. Every connection is
 * used once before the clock starts; the calls are signed (and encoded by the driver) before it starts too, so the
 * driver spends its core on the calls only; a run that outlasts them signs the rest on the fly.
 */
import type { KeySigner, SignedCall } from './keys.js';

/** What one timed run saw. */
export interface RunFigure {
  perSecond: number;
  ok: number;
  failed: number;
  /** The first answer that was not a success envelope, for the report. */
  firstFailure: string | undefined;
}

/** What a successful Kraken envelope starts with. */
export const SUCCESS_START = '{"error":[]';

/** How calls reach the server. */
export interface LoadDriver<Prepared> {
  /** The signed call as the driver sends it (done before the clock starts). */
  prepare(call: SignedCall): Prepared;
  /** Sends one call on the worker's connection: undefined for a success envelope, else what came back. */
  send(worker: number, call: Prepared): Promise<string | undefined>;
}

export async function runTimedLoad<Prepared>(
  driver: LoadDriver<Prepared>,
  signers: readonly KeySigner[],
  durationMs: number,
  expectedPerSecond: number,
): Promise<RunFigure> {
  const figure: RunFigure = { perSecond: 0, ok: 0, failed: 0, firstFailure: undefined };
  const call = async (worker: number, prepared: Prepared): Promise<void> => {
    const failure = await driver.send(worker, prepared);
    if (failure === undefined) figure.ok += 1;
    else {
      figure.failed += 1;
      figure.firstFailure ??= failure;
    }
  };
  await Promise.all(signers.map((signer, worker) => call(worker, driver.prepare(signer.next()))));
  figure.ok = 0;
  figure.failed = 0;
  const perWorker = Math.ceil(((expectedPerSecond * 1.3) / signers.length) * (durationMs / 1000)) + 64;
  const queues = signers.map((signer) => signer.batch(perWorker).map((signed) => driver.prepare(signed)));
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    signers.map(async (signer, worker) => {
      const queue = queues[worker] ?? [];
      let next = 0;
      while (performance.now() < deadline) {
        await call(worker, queue[next] ?? driver.prepare(signer.next()));
        next += 1;
      }
    }),
  );
  figure.perSecond = (figure.ok + figure.failed) / ((performance.now() - started) / 1000);
  return figure;
}

/** The signers of the first `connections` workers (one key per connection). */
export function workersFor(signers: readonly KeySigner[], connections: number): readonly KeySigner[] {
  const workers = signers.slice(0, connections);
  if (workers.length < connections) throw new Error(`${connections} connections need as many keys`);
  return workers;
}
