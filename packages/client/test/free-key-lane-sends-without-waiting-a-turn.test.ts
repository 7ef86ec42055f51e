/**
 * A key's lane that is free (nothing queued or in flight) and whose nonce source answers at once starts a call
 * before `run()` returns, so an order waits for no promise turn on its way out; the ordering guarantees hold all
 * the same: FIFO, increasing nonces, one call in flight with nonce window 0, a source that turns async or breaks
 * its contract handled as on the queued path.
 */
import { describe, expect, it } from 'vitest';
import { createKeyLane } from '../src/client/key-lane.js';
import { compareNonces, createClockNonceSource, NonceError } from '../src/nonce/index.js';
import type { NonceSource } from '../src/nonce/types.js';

/** A call whose answer the test releases. */
function pendingAnswer<T>(): { promise: Promise<T>; release: (value: T) => void } {
  let release: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('a free key lane', () => {
  it('hands a call its nonce and starts it before run() returns, once the source has answered at once', async () => {
    const lane = createKeyLane(createClockNonceSource({ now: () => 1_700_000_000_000 }));
    await lane.run(async () => 'first'); // the lane learns that the source answers synchronously
    const started: string[] = [];
    const call = lane.run(async (nonce) => {
      started.push(nonce);
      return nonce;
    });
    expect(started).toHaveLength(1);
    await expect(call).resolves.toBe(started[0]);
  });

  it('queues a call made while another is in flight and starts it, with a higher nonce, once that one is over', async () => {
    const lane = createKeyLane(createClockNonceSource({ now: () => 1_700_000_000_000 }), 0);
    await lane.run(async () => undefined);
    const first = pendingAnswer<string>();
    const starts: string[] = [];
    const one = lane.run((nonce) => {
      starts.push(nonce);
      return first.promise;
    });
    const two = lane.run(async (nonce) => {
      starts.push(nonce);
      return nonce;
    });
    expect(starts).toHaveLength(1);
    expect(lane.inFlight).toBe(1);
    first.release('one');
    await expect(one).resolves.toBe('one');
    await two;
    expect(starts).toHaveLength(2);
    expect(compareNonces(starts[1] as string, starts[0] as string)).toBeGreaterThan(0);
  });

  it('finds the lane free again when the caller hears back, so its next call starts at once', async () => {
    const lane = createKeyLane(createClockNonceSource());
    await lane.run(async () => undefined);
    const nonces: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const call = lane.run(async (nonce) => {
        nonces.push(nonce);
      });
      expect(nonces).toHaveLength(i + 1);
      await call;
      expect(lane.inFlight).toBe(0);
    }
    for (let i = 1; i < nonces.length; i += 1) {
      expect(compareNonces(nonces[i] as string, nonces[i - 1] as string)).toBeGreaterThan(0);
    }
  });

  it('keeps FIFO order when the source starts answering later, for the call that found out and those behind it', async () => {
    // The first two nonces come at once, the later ones only when the gate opens.
    let counter = 100;
    const gate = pendingAnswer<void>();
    const source: NonceSource = {
      next: () => {
        counter += 1;
        const nonce = String(counter);
        return counter <= 102 ? nonce : gate.promise.then(() => nonce);
      },
    };
    const lane = createKeyLane(source);
    await lane.run(async () => undefined);
    await lane.run(async () => undefined);
    const order: string[] = [];
    const calls = ['a', 'b', 'c'].map((name) =>
      lane.run(async (nonce) => {
        order.push(`${name}:${nonce}`);
      }),
    );
    expect(order).toEqual([]);
    gate.release();
    await Promise.all(calls);
    expect(order).toEqual(['a:103', 'b:104', 'c:105']);
  });

  it('refuses a nonce that does not increase before anything is sent, and stays usable', async () => {
    const values = ['10', '11', '9', '12'];
    const lane = createKeyLane({ next: () => values.shift() ?? '0' });
    let sends = 0;
    const send = async () => {
      sends += 1;
    };
    await lane.run(send);
    await lane.run(send);
    await expect(lane.run(send)).rejects.toBeInstanceOf(NonceError);
    expect(sends).toBe(2);
    await lane.run(send);
    expect(sends).toBe(3);
  });

  it('fails the call, not the lane, when the source throws', async () => {
    let broken = false;
    const clock = createClockNonceSource();
    const lane = createKeyLane({
      next: () => {
        if (broken) throw new Error('source down');
        return clock.next();
      },
    });
    await lane.run(async () => undefined);
    broken = true;
    await expect(lane.run(async () => 'sent')).rejects.toThrow('source down');
    broken = false;
    await expect(lane.run(async () => 'sent')).resolves.toBe('sent');
  });
});
