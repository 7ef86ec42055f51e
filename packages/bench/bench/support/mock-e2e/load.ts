/**
 * The load: signed Balance calls over undici, `connections` connections each with one call in flight (pipelining
 * 1), one worker and one key per connection. Calls are signed before the clock starts, so the driver spends its
 * core on HTTP only; a run that outlasts its signed calls signs the rest on the fly.
 */
import { Pool } from 'undici';
import { BALANCE_PATH, type KeySigner, type SignedCall } from './keys.js';

/** What one timed run saw. */
export interface RunFigure {
  perSecond: number;
  ok: number;
  failed: number;
  /** The first answer that was not a success envelope, for the report. */
  firstFailure: string | undefined;
}

const SUCCESS = '{"error":[]';

export async function runLoad(
  origin: string,
  signers: readonly KeySigner[],
  connections: number,
  durationMs: number,
  expectedPerSecond: number,
): Promise<RunFigure> {
  const workers = signers.slice(0, connections);
  if (workers.length < connections) throw new Error(`${connections} connections need as many keys`);
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const figure: RunFigure = { perSecond: 0, ok: 0, failed: 0, firstFailure: undefined };
  const call = async (signed: SignedCall): Promise<void> => {
    const { statusCode, body } = await pool.request({
      path: BALANCE_PATH,
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const text = await body.text();
    if (statusCode === 200 && text.startsWith(SUCCESS)) figure.ok += 1;
    else {
      figure.failed += 1;
      figure.firstFailure ??= `${statusCode} ${text.slice(0, 120)}`;
    }
  };
  try {
    // Every connection open before the clock starts.
    await Promise.all(workers.map((signer) => call(signer.next())));
    figure.ok = 0;
    figure.failed = 0;
    const perWorker = Math.ceil(((expectedPerSecond * 1.3) / connections) * (durationMs / 1000)) + 64;
    const queues = workers.map((signer) => signer.batch(perWorker));
    const started = performance.now();
    const deadline = started + durationMs;
    await Promise.all(
      workers.map(async (signer, i) => {
        const queue = queues[i] ?? [];
        let next = 0;
        while (performance.now() < deadline) {
          await call(queue[next] ?? signer.next());
          next += 1;
        }
      }),
    );
    figure.perSecond = (figure.ok + figure.failed) / ((performance.now() - started) / 1000);
    return figure;
  } finally {
    await pool.close();
  }
}
