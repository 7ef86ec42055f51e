import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
});

afterAll(async () => {
  await world?.close();
});

// The path exactly as sent: fetch would normalise `/.//` away before it left, a hand-made link does not.
function visit(path: string): Promise<{ status: number | undefined; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port: world.dashboard.port, path }, (response) => {
      response.resume();
      resolve({ status: response.statusCode, location: response.headers.location });
    });
    call.on('error', reject);
    call.end();
  });
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;

describe('a login link whose path names another host', () => {
  it('is redeemed to a page of the dashboard, never to a protocol-relative address', async () => {
    for (const path of ['/.//evil.example/', '/.///evil.example/x', '/%2E//evil.example/']) {
      const { status, location } = await visit(`${path}?token=${tokenOf(world.dashboard.loginUrl())}`);
      expect(status, path).toBe(303);
      // `//host/…` is another site to a browser; the dashboard's own pages start with one slash.
      expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(new URL(location as string, world.dashboard.origin).origin, path).toBe(world.dashboard.origin);
    }
  });
});
