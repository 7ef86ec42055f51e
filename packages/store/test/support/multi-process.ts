/**
 * Several processes hammering one store (a directory, or one Redis namespace), and one of them killed with
 * SIGKILL mid-stream: the tests the durable and Redis stores share.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StateStore } from '@krakenkit/core/store';
import { waitFor, waitUntil } from '@krakenkit/test-support';
import { expect, it } from 'vitest';
import { unique } from './harness.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./hammer-child.ts', import.meta.url));

/** Where the children find the store. */
export interface SharedStore {
  kind: 'file' | 'redis';
  where: string;
  keyPrefix?: string;
  open(): Promise<StateStore>;
}

interface Line {
  nonce?: string;
  granted?: boolean;
  level?: number;
  lease?: boolean;
}

function startChild(
  shared: SharedStore,
  account: string,
  rounds: number,
  counterMax: number,
  leaseMs: number,
) {
  const job = {
    kind: shared.kind,
    where: shared.where,
    keyPrefix: shared.keyPrefix,
    account,
    rounds,
    counterMax,
    leaseMs,
  };
  const child = spawn(
    process.execPath,
    ['--conditions=@krakenkit/source', '--import', 'tsx', CHILD, JSON.stringify(job)],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: Line[] = [];
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) lines.push(JSON.parse(part) as Line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, lines, exited, stderr: () => stderr };
}

async function killed(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  child.kill('SIGKILL');
  await exited;
}

/** The multi-process tests for one shared store. */
export function multiProcessTests(shared: () => SharedStore): void {
  it('gives processes racing on one key unique nonces in grant order, a gap-free journal, a counter never over max', async () => {
    const acct = unique('racing');
    const account = () => acct;
    const children = [0, 1, 2].map(() => startChild(shared(), acct, 20, 25, 60_000));
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes, children.map((c) => c.stderr()).join('\n')).toEqual([0, 0, 0]);
    const lines = children.flatMap((c) => c.lines);
    const nonces = lines.map((line) => BigInt(line.nonce ?? '0'));
    expect(new Set(nonces).size).toBe(60);
    const store = await shared().open();
    try {
      // With window 0 one call is in flight at a time, so the journal (appended during each call) is grant order.
      const read = await store.readJournal(account(), 'order', 0);
      expect(read.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const order = read.entries.map((entry) => BigInt(entry.entry));
      for (let i = 1; i < order.length; i += 1) expect(order[i]).toBeGreaterThan(order[i - 1] as bigint);
      expect(new Set(order)).toEqual(new Set(nonces));
      // No decay and max 25: exactly 25 of the 60 charges fit, and no answer ever saw the level above max.
      expect(lines.filter((line) => line.granted).length).toBe(25);
      for (const line of lines) expect(line.level).toBeLessThanOrEqual(25);
      expect(await store.counterLevel(account(), 'c', 0)).toBe(25);
    } finally {
      await store.close();
    }
  });

  it('survives SIGKILL of a process mid-stream: readable, the next nonce above every granted one, its slot and lease expire', async () => {
    const acct = unique('killed');
    const account = () => acct;
    const victim = startChild(shared(), acct, 0, 1_000_000, 1_500);
    await waitFor(
      () => victim.lines.filter((line) => line.nonce !== undefined).length >= 5,
      'the victim to take 5 calls',
    );
    await killed(victim.child, victim.exited);
    const granted = victim.lines.flatMap((line) => (line.nonce === undefined ? [] : [BigInt(line.nonce)]));
    const store = await shared().open();
    try {
      const read = await store.readJournal(account(), 'order', 0);
      expect(read.entries.map((entry) => entry.seq)).toEqual(
        Array.from({ length: read.seq }, (_, i) => i + 1),
      );
      expect(read.seq).toBeGreaterThanOrEqual(granted.length);
      let next: bigint | undefined;
      await waitUntil(async () => {
        const answer = await store.beginCall(account(), { window: 0, leaseMs: 60_000 });
        if (answer.granted) next = BigInt(answer.nonce);
        return answer.granted;
      }, 'the killed process’s call slot to expire');
      for (const nonce of granted) expect(next).toBeGreaterThan(nonce);
      await waitUntil(
        async () => (await store.listLeases(account(), 'bot:')).length === 0,
        'its lease to expire',
      );
      expect((await store.acquireLease(account(), 'bot:victim', 'successor', 60_000)).acquired).toBe(true);
    } finally {
      await store.close();
    }
  });
}
