/**
 * The dashboard's two secrets: the login link printed at start works once (its first visit gets the session
 * cookie, a second visit gets 401, so a copy in a terminal recording is dead), the cookie keeps working; the API
 * token works as a bearer as often as a tool needs, never in a URL, and mints new one-time links. Each is refused
 * where the other belongs.
 */
import { connect } from 'node:net';
import { silentLogger } from '@krakenkit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { DashboardSource } from '../src/dashboard/data/source.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import { type Connection, openConnection } from '../src/engine/connect.js';
import { DASHBOARD_YAML } from './support/dashboard-world.js';

let connection: Connection;
let source: DashboardSource;
let dashboard: RunningDashboard;

beforeAll(async () => {
  const config = loadBotConfig(DASHBOARD_YAML, { file: 'login-test.yaml' });
  connection = await openConnection(config, { env: {}, logger: silentLogger() });
  source = { config, connection };
  dashboard = await startDashboard({ source });
});

afterAll(async () => {
  await dashboard?.close();
  await connection?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${dashboard.origin}${path}`, { headers, redirect: 'manual' });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;

/** Visits a login link: its status, and the cookie it set (`name=value`), if any. */
async function visit(url: string, headers: Record<string, string> = {}) {
  const response = await get(`${new URL(url).pathname}${new URL(url).search}`, headers);
  await response.body?.cancel();
  const setCookie = response.headers.get('set-cookie');
  return { response, setCookie, cookie: setCookie?.split(';')[0] };
}

describe('the login link printed at start', () => {
  let cookie = '';

  it('is exchanged once for an HttpOnly SameSite=Strict cookie, and leaves the address bar', async () => {
    const first = await visit(dashboard.url);
    expect(first.response.status).toBe(303);
    expect(first.response.headers.get('location')).toBe('/');
    // Named by the port: a browser keeps one cookie jar for 127.0.0.1 whatever the port.
    expect(first.setCookie).toMatch(
      new RegExp(`^krakenkit_dashboard_${dashboard.port}=[^;]+; HttpOnly; SameSite=Strict; Path=/$`),
    );
    // The cookie is neither secret: the page's address and its cookie jar hold different values.
    expect(first.setCookie).not.toContain(tokenOf(dashboard.url));
    expect(first.setCookie).not.toContain(dashboard.apiToken);
    cookie = first.cookie as string;
  });

  it('is refused the second time: 401, and no cookie', async () => {
    const second = await visit(dashboard.url);
    expect(second.response.status).toBe(401);
    expect(second.setCookie).toBeNull();
  });

  it('leaves the cookie working for the page and the API, and a used link only sends a signed-in browser on', async () => {
    const page = await get('/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/ui/app.js">');
    expect((await get('/api/overview', { Cookie: cookie })).status).toBe(200);
    const again = await visit(dashboard.url, { Cookie: cookie });
    expect(again.response.status).toBe(303);
    expect(again.setCookie).toBeNull();
  });

  it('is no bearer token', async () => {
    const fresh = await startDashboard({ source, loginToken: 'a-login-token-unused' });
    try {
      const asBearer = await fetch(`${fresh.origin}/api/overview`, {
        headers: bearer('a-login-token-unused'),
      });
      expect(asBearer.status).toBe(401);
    } finally {
      await fresh.close();
    }
  });
});

describe('the API token', () => {
  it('answers as a bearer token, again and again', async () => {
    for (let call = 0; call < 3; call += 1)
      expect((await get('/api/overview', bearer(dashboard.apiToken))).status).toBe(200);
  });

  it('is refused in a URL, where it would reach the history', async () => {
    expect((await get(`/?token=${dashboard.apiToken}`)).status).toBe(401);
    expect((await get(`/api/overview?token=${dashboard.apiToken}`)).status).toBe(401);
  });

  it('mints a new login link that works once; a browser cookie mints none', async () => {
    const minted = await fetch(`${dashboard.origin}/api/login-link`, {
      method: 'POST',
      headers: { ...bearer(dashboard.apiToken), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(minted.status).toBe(200);
    const { url } = (await minted.json()) as { url: string };
    expect(url.startsWith(`${dashboard.origin}/?token=`)).toBe(true);
    const first = await visit(url);
    expect(first.response.status).toBe(303);
    expect((await visit(url)).response.status).toBe(401);
    const byCookie = await fetch(`${dashboard.origin}/api/login-link`, {
      method: 'POST',
      headers: { Cookie: first.cookie as string, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(byCookie.status).toBe(403);
  });

  it("names the dashboard's own origin whatever host the request target names", async () => {
    const port = dashboard.port;
    for (const target of ['http://evil.example/api/login-link', '//evil.example/api/login-link']) {
      const answer = await rawRequest(
        port,
        [
          `POST ${target} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          `Authorization: Bearer ${dashboard.apiToken}`,
          'Content-Type: application/json',
          'Content-Length: 2',
          'Connection: close',
          '',
          '{}',
        ].join('\r\n'),
      );
      const url = /"url":"([^"]+)"/.exec(answer)?.[1];
      expect(url, `${target}: ${answer.slice(0, 200)}`).toMatch(new RegExp(`^${dashboard.origin}/\\?token=`));
    }
  });
});

/** Sends `text` as it is over a socket (a request target fetch would not write) and reads the whole answer. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
