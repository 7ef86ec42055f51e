import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
  // Something worth answering: a fill and a refusal.
  await world.next((event) => event.type === 'fill');
  await world.next((event) => event.type === 'guard-rejected');
});

afterAll(async () => {
  await world?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${world.dashboard.origin}${path}`, { headers, redirect: 'manual' });

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${world.dashboard.origin}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${world.dashboard.apiToken}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body,
  });

// A random token may already end in any one character, so the wrong one swaps its last for another.
const differentLastCharacter = (token: string) => `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;

describe('the dashboard without its token', () => {
  it('answers 401 to the page, its assets, the API and the live stream', async () => {
    for (const path of [
      '/',
      '/ui/app.js',
      '/vendor/preact.js',
      '/api/account',
      '/api/events',
      '/api/guard',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      await response.body?.cancel();
    }
    const control = await fetch(`${world.dashboard.origin}/api/controls/kill-switch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"state":"HALTED"}',
    });
    expect(control.status).toBe(401);
    expect(world.session.connection.guard.tradingState().state).toBe('ACTIVE');
  });

  it('answers 401 to a wrong token, in the URL, as a bearer or as a cookie', async () => {
    const wrong = differentLastCharacter(world.dashboard.apiToken);
    const wrongLogin = differentLastCharacter(new URL(world.dashboard.url).searchParams.get('token') ?? '');
    expect((await get(`/?token=${wrongLogin}`)).status).toBe(401);
    expect((await get('/api/overview', { Authorization: `Bearer ${wrong}` })).status).toBe(401);
    const cookie = `krakenkit_dashboard_${world.dashboard.port}`;
    expect((await get('/api/overview', { Cookie: `${cookie}=${wrong}` })).status).toBe(401);
  });
});

describe('every answer', () => {
  it('carries a CSP without inline script and no CORS header, even asked from another origin', async () => {
    const response = await get('/api/overview', {
      Authorization: `Bearer ${world.dashboard.apiToken}`,
      Origin: 'http://evil.example',
    });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('is refused for a Host that is not the loopback address (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(
        {
          host: '127.0.0.1',
          port: world.dashboard.port,
          path: '/api/overview',
          headers: { Host: 'rebind.example', Authorization: `Bearer ${world.dashboard.apiToken}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      call.on('error', reject);
      call.end();
    });
    expect(status).toBe(421);
  });
});

describe('a control request', () => {
  it('from another origin is refused and changes nothing', async () => {
    const response = await post('/api/controls/kill-switch', '{"state":"HALTED"}', {
      Origin: 'http://evil.example',
    });
    expect(response.status).toBe(403);
    expect(world.session.connection.guard.tradingState().state).toBe('ACTIVE');
  });

  it('is bounded: too large, too deep, not JSON, or not sent as JSON is refused with its code', async () => {
    const large = await post(
      '/api/controls/kill-switch',
      JSON.stringify({ state: 'HALTED', reason: 'x'.repeat(20_000) }),
    );
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { code: string } }).error.code).toBe(
      'KRAKENKIT_DASHBOARD_BODY_TOO_LARGE',
    );
    const deep = await post('/api/controls/kill-switch', '{"state":"HALTED","a":{"b":{"c":{"d":{"e":1}}}}}');
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: { code: string } }).error.code).toBe(
      'KRAKENKIT_DASHBOARD_JSON_TOO_DEEP',
    );
    const broken = await post('/api/controls/kill-switch', '{"state":');
    expect(broken.status).toBe(400);
    const form = await post('/api/controls/kill-switch', 'state=HALTED', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(world.session.connection.guard.tradingState().state).toBe('ACTIVE');
  });
});

describe('nothing the dashboard serves', () => {
  it('holds an API key or a secret: every read of the API, the live stream, the page and its scripts', async () => {
    expect(world.secrets.length).toBeGreaterThanOrEqual(2);
    const reads = world.dashboard.routes.filter(
      (route) => route.method === 'GET' && !route.path.includes('{'),
    );
    const texts: string[] = [];
    for (const { path } of reads) {
      if (path === '/api/events') continue;
      const response = await get(path, { Authorization: `Bearer ${world.dashboard.apiToken}` });
      expect(response.status, path).toBe(200);
      texts.push(await response.text());
    }
    for (const file of ['/ui/app.js', '/vendor/htm.js']) {
      texts.push(await (await get(file, { Authorization: `Bearer ${world.dashboard.apiToken}` })).text());
    }
    texts.push(await streamUntil(3));
    const everything = texts.join('\n');
    expect(everything).toContain('trader'); // keys appear by name …
    for (const secret of world.secrets) expect(everything).not.toContain(secret); // … never by key or secret
  });
});

// Reads the live stream until `events` events have come.
async function streamUntil(events: number): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${world.dashboard.origin}/api/events`, {
    headers: { Authorization: `Bearer ${world.dashboard.apiToken}` },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while ((text.match(/^event: /gm) ?? []).length < events) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}
