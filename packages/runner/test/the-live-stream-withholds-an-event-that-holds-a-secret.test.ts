/**
 * The live stream (`/api/events`) goes through the same secret screen as the JSON answers: an event whose text
 * holds one of the process's API keys or secrets is not sent (and is logged by its type only); the events after
 * it still are.
 */
import { Writable } from 'node:stream';
import { silentLogger } from '@krakenkit/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import { type Connection, openConnection } from '../src/engine/connect.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';

let connection: Connection;
let dashboard: RunningDashboard;
const logged: string[] = [];

beforeAll(async () => {
  const config = loadBotConfig(DASHBOARD_YAML, { file: 'stream-screen-test.yaml' });
  connection = await openConnection(config, { env: {}, logger: silentLogger() });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString('utf8'));
      done();
    },
  });
  dashboard = await startDashboard({
    source: { config, connection },
    logger: pino({ level: 'error' }, sink),
  });
});

afterAll(async () => {
  await dashboard?.close();
  await connection?.close();
});

const killSwitch = (state: string, reason: string) =>
  fetch(`${dashboard.origin}/api/controls/kill-switch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dashboard.apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ state, reason }),
  });

/** The live stream as a tool reads it: its text so far, and a wait for a line in it. */
async function listen() {
  const controller = new AbortController();
  const response = await fetch(`${dashboard.origin}/api/events`, {
    headers: { Authorization: `Bearer ${dashboard.apiToken}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    text: () => text,
    async until(wanted: string): Promise<void> {
      while (!text.includes(wanted)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${wanted}`);
        text += decoder.decode(value, { stream: true });
      }
    },
    stop: () => controller.abort(),
  };
}

describe('the live stream', () => {
  it('does not send an event holding an API key or a secret, and goes on with the next ones', async () => {
    const apiKey = [...connection.apiKeys.values()][0] as string;
    const secret = connection.mock?.state.accounts.key(apiKey)?.secret.toString('base64') as string;
    const stream = await listen();
    try {
      // The reason goes into the guard's trading-state event and the control record: both would carry the secrets.
      // The control record is kept with its detail withheld; the guard's event is not sent.
      const leaking = await killSwitch('HALTED', `${apiKey} ${secret}`.slice(0, 200));
      expect(leaking.status).toBe(200);
      const answer = await leaking.text();
      expect(answer).not.toContain(apiKey);
      expect(JSON.parse(answer)).toMatchObject({ action: 'kill-switch', detail: /withheld/ });
      const clean = await killSwitch('ACTIVE', 'after the leak test');
      expect(clean.status).toBe(200);
      await stream.until('trading state ACTIVE: after the leak test');
    } finally {
      stream.stop();
    }
    expect(stream.text()).not.toContain(apiKey);
    expect(stream.text()).not.toContain(secret.slice(0, 40));
    // The guard's event of the leaking change was withheld; both controls reached the stream, the first one's
    // detail withheld at the source.
    expect(stream.text().match(/^event: trading-state$/gm)).toHaveLength(1);
    expect(stream.text().match(/^event: control$/gm)).toHaveLength(2);
    expect(stream.text()).toContain('withheld: it held a key or secret');
    const withheld = logged.filter((line) => line.includes('dashboard event withheld'));
    expect(withheld.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(['trading-state']);
    for (const line of logged) expect(line).not.toContain(apiKey);
  });
});
