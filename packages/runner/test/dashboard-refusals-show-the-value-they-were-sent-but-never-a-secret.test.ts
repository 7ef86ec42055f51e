/**
 * A refused control says what it was sent, so the mistake shows: the value JSON-quoted and cut at 64 characters,
 * an object or array by kind only. A field named like a credential has its value left out, and a refusal whose
 * text would carry one of the process's API keys is screened like any other answer.
 */
import { silentLogger } from '@krakenkit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import { received } from '../src/dashboard/http/json-body.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import { type Connection, openConnection } from '../src/engine/connect.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';

let connection: Connection;
let dashboard: RunningDashboard;

beforeAll(async () => {
  const config = loadBotConfig(DASHBOARD_YAML, { file: 'refusals-test.yaml' });
  connection = await openConnection(config, { env: {}, logger: silentLogger() });
  dashboard = await startDashboard({ source: { config, connection } });
});

afterAll(async () => {
  await dashboard?.close();
  await connection?.close();
});

/** The kill switch sent `body`: its status and error. */
async function killSwitch(body: unknown) {
  const response = await fetch(`${dashboard.origin}/api/controls/kill-switch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dashboard.apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...error };
}

describe('a refused kill switch', () => {
  it('names the state it was sent', async () => {
    expect(await killSwitch({ state: 'BOGUS' })).toEqual({
      status: 400,
      code: 'KRAKENKIT_DASHBOARD_BAD_FIELD',
      message: 'field "state": expected ACTIVE, REDUCING or HALTED, got "BOGUS"',
    });
    expect(connection.guard.tradingState().state).toBe('ACTIVE');
  });

  it('names a value that is no string, or that is missing', async () => {
    expect((await killSwitch({ state: 42 })).message).toBe(
      'field "state": expected a string of 1 to 16 characters, got 42',
    );
    expect((await killSwitch({ state: null })).message).toMatch(/, got null$/);
    expect((await killSwitch({})).message).toMatch(/, got nothing$/);
  });

  it('shows at most 64 characters of a long value, and says how long it was', async () => {
    const { message } = await killSwitch({ state: 'HALTED', reason: `${'a'.repeat(64)}${'b'.repeat(236)}` });
    expect(message).toBe(
      `field "reason": expected a string of 1 to 200 characters, got "${'a'.repeat(64)}"… (300 characters)`,
    );
  });

  it('shows an object or an array by kind, never its members', async () => {
    const object = await killSwitch({ state: { token: 'do-not-repeat-me' } });
    expect(object.message).toBe('field "state": expected a string of 1 to 16 characters, got an object');
    const array = await killSwitch({ state: ['do-not-repeat-me'] });
    expect(array.message).toMatch(/, got an array$/);
  });

  it('withholds the message when what it repeats is an API key or the start of a secret', async () => {
    const apiKey = [...connection.apiKeys.values()][0] as string;
    const secret = connection.mock?.state.accounts.key(apiKey)?.secret.toString('base64') as string;
    // The secret is longer than the 64 characters a refusal shows: only its start would be repeated.
    expect(secret.length).toBeGreaterThan(64);
    for (const value of [apiKey, secret, `${secret.slice(0, 20)} and more`]) {
      const refused = await killSwitch({ state: value });
      expect(refused).toEqual({
        status: 400,
        code: 'KRAKENKIT_DASHBOARD_BAD_FIELD',
        message: 'refused; the message is withheld: it held a key or secret',
      });
    }
  });
});

describe('a refusal of a field named like a credential', () => {
  it('leaves its value out', () => {
    for (const name of ['apiToken', 'secret', 'password', 'privateKey'])
      expect(received(name, 'hunter2-hunter2')).not.toContain('hunter2');
    expect(received('reason', 'hunter2')).toBe('got "hunter2"');
  });
});

describe('an unknown path', () => {
  it('is named, cut at 64 characters', async () => {
    const path = `/api/${'x'.repeat(300)}`;
    const response = await fetch(`${dashboard.origin}${path}`, {
      headers: { Authorization: `Bearer ${dashboard.apiToken}` },
    });
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toBe(`no route "${path.slice(0, 64)}"… (${path.length} characters)`);
  });
});
