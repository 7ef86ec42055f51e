/**
 * The load over undici: `connections` connections each with one call in flight (pipelining 1), one worker and one
 * key per connection (the run itself: timed-load.ts). undici spends about as much CPU per call as the servers it
 * calls: the view of a client built on it, not the servers' capacity (raw-load.ts measures that).
 */
import { Pool } from 'undici';
import { BALANCE_PATH, type KeySigner, type SignedCall } from './keys.js';
import { type RunFigure, runTimedLoad, SUCCESS_START, workersFor } from './timed-load.js';

export async function runLoad(
  origin: string,
  signers: readonly KeySigner[],
  connections: number,
  durationMs: number,
  expectedPerSecond: number,
): Promise<RunFigure> {
  const workers = workersFor(signers, connections);
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const driver = {
    prepare: (call: SignedCall) => call,
    async send(_worker: number, call: SignedCall): Promise<string | undefined> {
      const { statusCode, body } = await pool.request({
        path: BALANCE_PATH,
        method: 'POST',
        headers: call.headers,
        body: call.body,
      });
      const text = await body.text();
      return statusCode === 200 && text.startsWith(SUCCESS_START)
        ? undefined
        : `${statusCode} ${text.slice(0, 120)}`;
    },
  };
  try {
    return await runTimedLoad(driver, workers, durationMs, expectedPerSecond);
  } finally {
    await pool.close();
  }
}
