/**
 * The e2e harness's child server (bench/support/e2e/child-server.ts): the server runs in another process, started
 * with a setup sent over IPC; the parent learns its port and what it reports, asks the child's CPU time and the
 * server's own answers (in the order asked), and a close ends the child. A server that fails to start rejects the
 * start with its reason.
 */
import { describe, expect, it } from 'vitest';
import { startChildServer } from '../bench/support/e2e/index.js';
import type { GreetingInfo, GreetingSetup } from './fixtures/child-server/greeting-server.js';

const SERVER = new URL('./fixtures/child-server/greeting-server.ts', import.meta.url).href;
// Test workers do not load TypeScript through tsx as a bench script does: the child is told to.
const options = { name: 'greeting server', execArgv: ['--import', 'tsx'] };

const exited = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('child server', () => {
  it('serves from another process, answers in the order asked, and ends that process on close', async () => {
    const child = await startChildServer<GreetingSetup, GreetingInfo>(SERVER, { greeting: 'hello' }, options);
    try {
      expect(child.pid).not.toBe(process.pid);
      expect(child.info).toEqual({ pid: child.pid });
      const response = await fetch(`http://127.0.0.1:${child.port}/`);
      expect(await response.text()).toBe('hello');
      const answers = await Promise.all([child.ask('asked'), child.ask('unknown'), child.ask('asked')]);
      expect(answers).toEqual([1, undefined, 2]);
      const cpu = await child.cpuMicros();
      expect(cpu).toBeGreaterThan(0);
      expect(await child.cpuMicros()).toBeGreaterThanOrEqual(cpu);
    } finally {
      await child.close();
    }
    expect(exited(child.pid)).toBe(true);
  });

  it('rejects the start with the reason when the server fails to start', async () => {
    await expect(
      startChildServer<GreetingSetup, GreetingInfo>(SERVER, { greeting: 'hello', refuse: true }, options),
    ).rejects.toThrow('greeting server: Error: refused to start');
  });
});
