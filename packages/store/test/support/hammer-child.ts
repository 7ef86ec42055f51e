/**
 * A child process for the multi-process tests: opens one shared store and, per round, takes a call (window 0),
 * appends its nonce to the `order` journal while the call is in flight, charges a counter and ends the call,
 * printing one JSON line per round. `rounds: 0` runs until killed, holding the lease `bot:victim`.
 */
import type { StateStore } from '@krakenkit/core/store';
import { createFileStore, createRedisStore } from '@krakenkit/store';

interface Job {
  kind: 'file' | 'redis';
  where: string;
  keyPrefix?: string;
  account: string;
  rounds: number;
  counterMax: number;
  leaseMs: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const store: StateStore =
  job.kind === 'file'
    ? await createFileStore({ dir: job.where })
    : await createRedisStore({ url: job.where, ...(job.keyPrefix ? { keyPrefix: job.keyPrefix } : {}) });

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

async function takeCall(): Promise<string> {
  for (;;) {
    const answer = await store.beginCall(job.account, { window: 0, leaseMs: job.leaseMs });
    if (answer.granted) return answer.nonce;
    await pause(); // another process has the key's one call in flight
  }
}

async function appendInOrder(nonce: string): Promise<void> {
  let expectedSeq = (await store.readJournal(job.account, 'order', Number.MAX_SAFE_INTEGER)).seq;
  for (;;) {
    const answer = await store.commit(job.account, { stream: 'order', expectedSeq, entries: [nonce] });
    if (answer.status === 'appended') return;
    expectedSeq = answer.seq;
  }
}

if (job.rounds === 0) {
  const lease = await store.acquireLease(job.account, 'bot:victim', `pid-${process.pid}`, job.leaseMs);
  process.stdout.write(`${JSON.stringify({ lease: lease.acquired })}\n`);
}
for (let round = 0; job.rounds === 0 || round < job.rounds; round += 1) {
  const nonce = await takeCall();
  await appendInOrder(nonce);
  const charge = await store.charge(job.account, {
    counter: 'c',
    cost: 1,
    max: job.counterMax,
    decayPerSecond: 0,
  });
  // Printed while the call is still in flight: a kill now leaves its slot (and maybe a lock) behind.
  process.stdout.write(`${JSON.stringify({ nonce, granted: charge.granted, level: charge.level })}\n`);
  await store.endCall(job.account, nonce);
}
await store.close();
