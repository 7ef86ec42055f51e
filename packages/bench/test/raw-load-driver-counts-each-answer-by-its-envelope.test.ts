/**
 * The mock throughput bench's light driver (bench/support/mock-e2e/raw-load.ts) writes prepared HTTP/1.1 requests
 * over node:net and reads each answer by its Content-Length; the undici driver (load.ts) shares its timed run. Against the peer stub it counts signed Balance calls
 * accepted with increasing nonces on every connection; an error envelope counts as a failure with its text; an
 * answer it cannot frame (no Content-Length) fails the run with the reason instead of being miscounted.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHttpServer, listenOnLoopback } from '../bench/support/e2e/index.js';
import { KeySigner, makeKeys } from '../bench/support/mock-e2e/keys.js';
import { runLoad } from '../bench/support/mock-e2e/load.js';
import { createPeerStub } from '../bench/support/mock-e2e/peer-stub.js';
import { runRawLoad } from '../bench/support/mock-e2e/raw-load.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(server: ReturnType<typeof createServer>): Promise<string> {
  const port = await listenOnLoopback(server);
  closers.push(() => closeHttpServer(server));
  return `http://127.0.0.1:${port}`;
}

const signersOf = (keys: ReturnType<typeof makeKeys>) =>
  keys.map((key) => new KeySigner(key, BigInt(Date.now()) * 1000n));

describe('the raw load driver', () => {
  it('counts every signed call the peer stub accepts, over each of its connections', async () => {
    const keys = makeKeys(4);
    const origin = await serve(createPeerStub(keys));
    const figure = await runRawLoad(origin, signersOf(keys), 4, 200, 1_000);
    expect(figure.failed).toBe(0);
    expect(figure.firstFailure).toBeUndefined();
    expect(figure.ok).toBeGreaterThanOrEqual(4);
    expect(figure.perSecond).toBeGreaterThan(0);
  });

  it('counts an error envelope as a failed call and keeps its text', async () => {
    const keys = makeKeys(1);
    const stranger = [{ apiKey: 'not-a-key-of-the-stub', apiSecret: keys[0]!.apiSecret }];
    const origin = await serve(createPeerStub(keys));
    const figure = await runRawLoad(origin, signersOf(stranger), 1, 100, 1_000);
    expect(figure.ok).toBe(0);
    expect(figure.failed).toBeGreaterThanOrEqual(1);
    expect(figure.firstFailure).toBe('200 {"error":["EAPI:Invalid key"]}');
  });

  it('counts as the undici driver does, on the same timed run', async () => {
    const keys = makeKeys(2);
    const origin = await serve(createPeerStub(keys));
    const figure = await runLoad(origin, signersOf(keys), 2, 100, 1_000);
    expect(figure).toMatchObject({ failed: 0, firstFailure: undefined });
    expect(figure.ok).toBeGreaterThanOrEqual(2);
    const refused = await runLoad(origin, signersOf([{ ...keys[0]!, apiKey: 'unknown' }]), 1, 100, 1_000);
    expect(refused.ok).toBe(0);
    expect(refused.firstFailure).toBe('200 {"error":["EAPI:Invalid key"]}');
  });

  it('fails the run on an answer without a Content-Length', async () => {
    const origin = await serve(
      createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.write('{"error":[]');
          res.end('}');
        });
      }),
    );
    await expect(runRawLoad(origin, signersOf(makeKeys(1)), 1, 100, 1_000)).rejects.toThrow(
      /answer without a Content-Length: HTTP\/1\.1 200 OK/,
    );
  });
});
