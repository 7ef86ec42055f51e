import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('a HEAD of the live stream', () => {
  it('is answered with the stream headers at once, not held open as a stream', async () => {
    // A HEAD answer has no body, so a stream attached to it never sent even its headers: the request hung, and
    // held one of the few listener places while it did.
    const response = await fetch(`${world.dashboard.origin}/api/events`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${world.dashboard.apiToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe('');
  });
});
