import type { ControlSource } from './controls/control-record.js';
import type { Controls } from './controls/controls.js';
import { DASHBOARD_CODES, DashboardRequestError } from './dashboard-errors.js';
import type { AccountReader } from './data/account-reader.js';
import { accountView } from './data/account-view.js';
import { botsView } from './data/bots-view.js';
import { feesView } from './data/fees-view.js';
import type { GuardSync } from './data/guard-sync.js';
import { guardView } from './data/guard-view.js';
import type { History } from './data/history.js';
import { keysView } from './data/keys-view.js';
import type { LiveFeed } from './data/live-feed.js';
import { marginView } from './data/margin-view.js';
import { overviewView } from './data/overview.js';
import { sessionsView } from './data/sessions-view.js';
import type { DashboardSource } from './data/source.js';
import type { DashboardAuth } from './http/auth.js';
import type { EventStream } from './http/event-stream.js';
import { type BodyLimits, optionalStringField, readJsonBody, stringField } from './http/json-body.js';
import type { Route, RouteContext } from './http/router.js';

/** What the API handlers read and act on. */
export interface ApiParts {
  source: DashboardSource;
  reader: AccountReader;
  feed: LiveFeed;
  history: History;
  controls: Controls;
  /** Reads a shared guard's journal again before the guard's figures are shown. */
  guardSync: GuardSync;
  stream: EventStream;
  body: BodyLimits;
  now: () => number;
  /** Mints login links (`POST /api/login-link`). */
  auth: DashboardAuth;
  /** When the dashboard started (epoch ms): this process's "since" when it runs no session. */
  startedAt: number;
}

/**
 * Every JSON route of the dashboard (docs/dashboard-openapi.yaml documents each one; a test holds the two
 * together). Reads answer from what the session and guard hold (the account page reads Balance and Ledgers at most
 * once per refresh interval); controls take a small JSON body.
 */
export function apiRoutes(parts: ApiParts): Route[] {
  const { source, feed, controls } = parts;
  const body = (context: RouteContext) => readJsonBody(context.request, parts.body);
  const by = (context: RouteContext): ControlSource =>
    context.credential === 'cookie' ? 'dashboard' : 'api';
  return [
    {
      method: 'GET',
      path: '/api/overview',
      handler: async () => {
        await parts.guardSync.fresh();
        return overviewView(source, parts.now());
      },
    },
    {
      method: 'GET',
      path: '/api/account',
      handler: async () => {
        // The guard's 24 h withdrawal window is every process's when shared: read the journal first.
        await parts.guardSync.fresh();
        return accountView(source, parts.reader);
      },
    },
    { method: 'GET', path: '/api/sessions', handler: () => sessionsView(source, parts.startedAt) },
    { method: 'GET', path: '/api/margin', handler: () => marginView(source, parts.guardSync) },
    { method: 'GET', path: '/api/fees', handler: () => feesView(source) },
    { method: 'GET', path: '/api/keys', handler: () => keysView(source) },
    { method: 'GET', path: '/api/bots', handler: () => botsView(source, feed) },
    { method: 'GET', path: '/api/history', handler: () => parts.history.view() },
    { method: 'GET', path: '/api/guard', handler: () => guardView(source, feed, parts.guardSync) },
    {
      method: 'GET',
      path: '/api/controls',
      handler: () => ({
        records: controls.records(),
        available: {
          pause: source.session !== undefined,
          revokeKey: source.connection.kind === 'mock',
        },
      }),
    },
    {
      method: 'GET',
      path: '/api/events',
      handler: ({ request, response }) => {
        // A HEAD answer has no body: a stream on it would never send its headers and would hold a place open.
        if (request.method === 'HEAD') {
          response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' }).end();
          return undefined;
        }
        parts.stream.attach(response);
        return undefined;
      },
    },
    {
      method: 'POST',
      path: '/api/bots/{name}/pause',
      handler: async (context) => {
        const reason = optionalStringField(await body(context), 'reason') ?? 'paused from the dashboard';
        return controls.pause(context.params['name'] as string, by(context), reason);
      },
    },
    {
      method: 'POST',
      path: '/api/bots/{name}/resume',
      handler: async (context) => {
        await body(context);
        return controls.resume(context.params['name'] as string, by(context));
      },
    },
    {
      method: 'POST',
      path: '/api/controls/kill-switch',
      handler: async (context) => {
        const fields = await body(context);
        const reason = optionalStringField(fields, 'reason') ?? 'kill switch';
        const state = stringField(fields, 'state', 16);
        return controls.killSwitch(by(context), state, reason, fields['cancelOrders'] === true);
      },
    },
    {
      method: 'POST',
      path: '/api/controls/cancel-all',
      handler: async (context) => {
        await body(context);
        return controls.cancelAll(by(context));
      },
    },
    {
      method: 'POST',
      path: '/api/positions/{id}/close',
      handler: async (context) => {
        await body(context);
        return controls.closePosition(by(context), context.params['id'] as string);
      },
    },
    {
      method: 'POST',
      path: '/api/login-link',
      handler: async (context) => {
        await body(context);
        // Only a tool holding the API token mints one: a browser's cookie is no way to another browser.
        if (context.credential !== 'bearer')
          throw new DashboardRequestError(
            403,
            DASHBOARD_CODES.apiTokenOnly,
            'a login link needs the API token',
          );
        return { url: `${context.url.origin}/?token=${parts.auth.mintLoginToken()}` };
      },
    },
    {
      method: 'POST',
      path: '/api/keys/{name}/revoke',
      handler: async (context) => {
        await body(context);
        return controls.revokeKey(by(context), context.params['name'] as string);
      },
    },
  ];
}
