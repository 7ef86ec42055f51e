/**
 * A browser keeps its cookies by host, not by port: two dashboards on 127.0.0.1 (a `run --ui` and a
 * `krakenkit dashboard`, say) share one cookie jar. Each names its session cookie after its port, so signing in to
 * the second does not sign the browser out of the first, whose one-time link is already spent.
 */
import { silentLogger } from '@krakenkit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { DashboardSource } from '../src/dashboard/data/source.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import { type Connection, openConnection } from '../src/engine/connect.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';

let connection: Connection;
let first: RunningDashboard;
let second: RunningDashboard;

beforeAll(async () => {
  const config = loadBotConfig(DASHBOARD_YAML, { file: 'two-dashboards.yaml' });
  connection = await openConnection(config, { env: {}, logger: silentLogger() });
  const source: DashboardSource = { config, connection };
  first = await startDashboard({ source });
  second = await startDashboard({ source });
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await connection?.close();
});

/** The browser's cookies for host 127.0.0.1, by name, whatever the port (as RFC 6265 keeps them). */
const jar = new Map<string, string>();

/** A request as the browser sends it: every cookie of the host goes along; a Set-Cookie answer lands in the jar. */
async function browse(url: string): Promise<Response> {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(url, { headers: cookie === '' ? {} : { Cookie: cookie }, redirect: 'manual' });
  const set = response.headers.get('set-cookie');
  if (set !== null) {
    const [pair = ''] = set.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return response;
}

describe('two dashboards on 127.0.0.1 seen by one browser', () => {
  it('each sign in with their own one-time link and keep answering the API, whichever signed in last', async () => {
    expect(first.port).not.toBe(second.port);
    expect((await browse(first.url)).status).toBe(303);
    expect((await browse(`${first.origin}/api/overview`)).status).toBe(200);
    expect((await browse(second.url)).status).toBe(303);
    expect([...jar.keys()].sort()).toEqual(
      [`krakenkit_dashboard_${first.port}`, `krakenkit_dashboard_${second.port}`].sort(),
    );
    for (let round = 0; round < 2; round += 1) {
      expect((await browse(`${first.origin}/api/overview`)).status).toBe(200);
      expect((await browse(`${second.origin}/api/overview`)).status).toBe(200);
    }
    // Each link was spent: only the session its cookie holds keeps the browser in.
    expect((await fetch(first.url, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(second.url, { redirect: 'manual' })).status).toBe(401);
  });

  it('refuses the session of the other dashboard, under either name', async () => {
    const firstCookie = jar.get(`krakenkit_dashboard_${first.port}`) as string;
    const asSecond = `krakenkit_dashboard_${second.port}=${firstCookie}`;
    expect((await fetch(`${second.origin}/api/overview`, { headers: { Cookie: asSecond } })).status).toBe(
      401,
    );
    const underFirstName = `krakenkit_dashboard_${first.port}=${firstCookie}`;
    expect(
      (await fetch(`${second.origin}/api/overview`, { headers: { Cookie: underFirstName } })).status,
    ).toBe(401);
  });
});
