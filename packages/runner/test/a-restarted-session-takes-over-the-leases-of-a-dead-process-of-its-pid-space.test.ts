import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';
import { BotAlreadyRunningError } from '../src/state/bot-already-running.js';
import { pidSpace } from '../src/state/pid-space.js';
import { sessionInfoKey } from '../src/state/session-info.js';
import { SessionLeases } from '../src/state/session-leases.js';

const account = accountIdOf('a-key');

/** The pid of a process that has ended (a child run to its end), so no process of this host has it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** A store where a killed session `holder` still holds bot `grid` for `ttlMs`, with the info it wrote. */
async function leftBehind(info: Record<string, unknown>, ttlMs: number) {
  const store = createMemoryStore();
  const holder = `${hostname()}:${deadPid()}:0badc0de`;
  await store.acquireLease(account, `session:${holder}`, holder, ttlMs);
  await store.acquireLease(account, 'bot:grid', holder, ttlMs);
  await store.putRecord(
    account,
    sessionInfoKey(holder),
    JSON.stringify({ startedAt: 1, bots: ['grid'], ...info }),
  );
  return { store, holder };
}

function leases(store: ReturnType<typeof createMemoryStore>, notices: string[], ttlMs = 60_000) {
  return new SessionLeases(store, {
    sessionId: `${hostname()}:${process.pid}:feedf00d`,
    ttlMs,
    now: Date.now,
    notify: (message) => notices.push(message),
  });
}

describe.runIf(pidSpace() !== undefined)('a restarted session and the leases of a killed one', () => {
  it('takes over at once the leases of a process of its pid space that no longer runs', async () => {
    const { store, holder } = await leftBehind({ pidSpace: pidSpace() }, 60_000);
    const notices: string[] = [];
    const started = Date.now();
    await leases(store, notices).claim([{ bot: 'grid', account }]);
    // Not the minute the dead lease had left.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(notices).toEqual([expect.stringMatching(/its process no longer runs; lease taken over/)]);
    const [bot] = await store.listLeases(account, 'bot:grid');
    expect(bot?.holder).toMatch(/feedf00d$/);
    // The dead session's own lease went too: it no longer counts as a live session on the key.
    expect((await store.listLeases(account, 'session:')).map((lease) => lease.holder)).not.toContain(holder);
  });

  it('waits for the lease to expire when the dead session ran in another pid space (a host name two machines share)', async () => {
    const { store } = await leftBehind({ pidSpace: 'another-machine-or-container' }, 300);
    const notices: string[] = [];
    await leases(store, notices).claim([{ bot: 'grid', account }]);
    expect(notices).toEqual([expect.stringMatching(/waiting \ds for it to expire/)]);
  });

  it('waits as well for a session that wrote no pid space (an older version, or not Linux)', async () => {
    const { store } = await leftBehind({}, 300);
    const notices: string[] = [];
    await leases(store, notices).claim([{ bot: 'grid', account }]);
    expect(notices).toEqual([expect.stringMatching(/waiting \ds for it to expire/)]);
  });

  it('still refuses a bot whose holder runs', async () => {
    const store = createMemoryStore();
    const holder = `${hostname()}:${process.ppid}:0badc0de`;
    await store.acquireLease(account, 'bot:grid', holder, 60_000);
    await store.putRecord(
      account,
      sessionInfoKey(holder),
      JSON.stringify({ startedAt: 1, bots: ['grid'], pidSpace: pidSpace() }),
    );
    await expect(leases(store, []).claim([{ bot: 'grid', account }])).rejects.toBeInstanceOf(
      BotAlreadyRunningError,
    );
  });
});
