import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@krakenkit/client';
import type { Logger } from 'pino';
import type { ControlRecord } from './controls/control-record.js';
import { Controls } from './controls/controls.js';
import { DASHBOARD_CODES, DashboardRequestError } from './dashboard-errors.js';
import { AccountReader } from './data/account-reader.js';
import { GuardSync } from './data/guard-sync.js';
import { DEFAULT_HISTORY, History, type HistoryOptions } from './data/history.js';
import { LiveFeed } from './data/live-feed.js';
import { overviewView } from './data/overview.js';
import type { DashboardSource } from './data/source.js';
import { DashboardAuth } from './http/auth.js';
import { DEFAULT_STREAM_LIMITS, EventStream, type EventStreamLimits } from './http/event-stream.js';
import { type BodyLimits, DEFAULT_BODY_LIMITS, shownValue } from './http/json-body.js';
import { matchRoute, type Route } from './http/router.js';
import { SecretScreen } from './http/secret-screen.js';
import { checkOrigin, setSecurityHeaders } from './http/security-headers.js';
import { loadStaticFiles, type StaticFile } from './http/static-files.js';
import { apiRoutes } from './routes.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** The config, its open connection and (with `run --ui`) the running session. */
  source: DashboardSource;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Controls and refused answers are logged here (secrets redacted by the client's logger); default silent. */
  logger?: Logger;
  /** Epoch-ms clock; default Date.now. */
  now?: () => number;
  /** The reusable API token of tools (`Authorization: Bearer`); default 24 random bytes (base64url). */
  apiToken?: string;
  /** The single-use login token of the URL printed at start; default 24 random bytes (base64url). */
  loginToken?: string;
  /** The account page reads Balance and Ledgers at most this often (ms, default 10 s): the bots share the budget. */
  accountRefreshMs?: number;
  /** The charts' sampling. */
  history?: HistoryOptions;
  /** Bounds of a control's JSON body. */
  body?: BodyLimits;
  /** Bounds of the live stream. */
  stream?: EventStreamLimits;
  /** How often the `status` event goes to the pages (ms, default 1000). */
  statusEveryMs?: number;
  /** A shared guard's journal is read again for a page at most this often (ms, default 1000). */
  guardSyncMs?: number;
}

/** A dashboard serving on 127.0.0.1, as {@link startDashboard} returns it. */
export interface RunningDashboard {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The reusable API token of tools: never print it (the CLI writes it to a 0600 file). */
  apiToken: string;
  /** The URL to open: the origin with `/?token=…`, a login token that works once. */
  url: string;
  /** A new single-use login URL (another browser, or a lost cookie). */
  loginUrl(): string;
  /** Every route the server answers (method and OpenAPI path template). */
  routes: ReadonlyArray<Pick<Route, 'method' | 'path'>>;
  /** Stops serving and ends the live streams; leaves the session and the connection as they are. */
  close(): Promise<void>;
}

/**
 * Serves the dashboard on 127.0.0.1: the UI (ui/ and the vendored browser builds), a JSON API
 * (docs/dashboard-openapi.yaml) and a server-sent event stream. Every request needs the token (a cookie after the
 * first visit, or `Authorization: Bearer`); without it the answer is 401.
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { source } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger();
  const files = loadStaticFiles();
  const server = createServer();
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // Listening first: the port names the session cookie. Nothing is opened before, so a taken port leaves nothing
  // to close; no request is served before the handler below is attached (no await between the two).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const auth = new DashboardAuth({
    port,
    ...(options.apiToken === undefined ? {} : { apiToken: options.apiToken }),
    ...(options.loginToken === undefined ? {} : { loginToken: options.loginToken }),
  });
  const screen = new SecretScreen(source);
  const stream = new EventStream({
    screen,
    limits: options.stream ?? DEFAULT_STREAM_LIMITS,
    onWithheld: (type) => logger.error({ event: type }, 'dashboard event withheld: it held a key or secret'),
  });
  const feed = new LiveFeed(source, stream);
  const history = new History(source, options.history ?? DEFAULT_HISTORY, now);
  const controls = new Controls({ source, stream, logger, now, screen });
  const guardSync = new GuardSync(
    source.connection.guard,
    options.guardSyncMs ?? 1_000,
    now,
    source.store?.shown,
  );
  const reader = new AccountReader(source, options.accountRefreshMs ?? 10_000, now);
  // The first read starts now: the account page is usually the first one opened.
  void reader.refresh();
  const body = options.body ?? DEFAULT_BODY_LIMITS;
  const routes: Route[] = [
    ...apiRoutes({
      source,
      reader,
      feed,
      history,
      controls,
      guardSync,
      stream,
      body,
      now,
      auth,
      startedAt: now(),
    }),
    { method: 'GET', path: '/', handler: ({ response }) => sendFile(response, files.get('/')) },
    {
      method: 'GET',
      path: '/ui/{file}',
      handler: ({ response, url }) => sendFile(response, files.get(url.pathname)),
    },
    {
      method: 'GET',
      path: '/vendor/{file}',
      handler: ({ response, url }) => sendFile(response, files.get(url.pathname)),
    },
  ];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serve({ request, response, routes, auth, screen, port, logger }).catch((error: unknown) => {
      logger.error({ err: error }, 'dashboard request failed');
      if (!response.headersSent)
        sendJson(response, 500, errorBody('KRAKENKIT_DASHBOARD_INTERNAL', 'internal error'));
      else response.destroy();
    });
  });
  const status = setInterval(
    () => stream.publish('status', overviewView(source, now())),
    options.statusEveryMs ?? 1_000,
  );
  status.unref();
  const origin = `http://127.0.0.1:${port}`;
  const loginUrl = (token: string) => `${origin}/?token=${token}`;
  return {
    origin,
    port,
    apiToken: auth.apiToken,
    url: loginUrl(auth.loginToken),
    loginUrl: () => loginUrl(auth.mintLoginToken()),
    routes: routes.map(({ method, path }) => ({ method, path })),
    close: async () => {
      clearInterval(status);
      feed.close();
      history.close();
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Serving {
  request: IncomingMessage;
  response: ServerResponse;
  routes: readonly Route[];
  auth: DashboardAuth;
  screen: SecretScreen;
  port: number;
  logger: Logger;
}

async function serve({ request, response, routes, auth, screen, port, logger }: Serving): Promise<void> {
  setSecurityHeaders(response);
  // The path and query of the request target on this server's own origin: a target in absolute form
  // (`http://evil.example/...`) or starting with `//` names another host, which nothing here may echo (login links).
  const target = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  const url = new URL(`http://127.0.0.1:${port}`);
  url.pathname = target.pathname;
  url.search = target.search;
  const api = url.pathname.startsWith('/api/');
  try {
    checkOrigin(request, port);
    const credential = auth.credentialOf(request);
    if (request.method === 'GET' && !api && url.searchParams.has('token')) {
      // A login link works once: spent here, it leaves the address bar (and the history) at once, and the cookie
      // carries the session from here. A browser already signed in is only sent on.
      const cookie = auth.redeem(url.searchParams.get('token') ?? '');
      if (cookie === undefined && credential === undefined) {
        unauthorized(response, api);
        return;
      }
      url.searchParams.delete('token');
      // One leading slash: a path like `/.//evil.example` normalises to `//evil.example`, which a browser takes
      // for another host (an open redirect of a login link).
      response.writeHead(303, {
        Location: `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`,
        ...(cookie === undefined ? {} : { 'Set-Cookie': cookie }),
      });
      response.end();
      return;
    }
    if (credential === undefined) {
      unauthorized(response, api);
      return;
    }
    const match = matchRoute(routes, request.method ?? 'GET', url.pathname);
    if (match.route === undefined) {
      if (match.allowed.length > 0) {
        response.setHeader('Allow', match.allowed.join(', '));
        throw new DashboardRequestError(
          405,
          DASHBOARD_CODES.methodNotAllowed,
          `use ${match.allowed.join(' or ')}`,
        );
      }
      throw new DashboardRequestError(404, DASHBOARD_CODES.notFound, `no route ${shownValue(url.pathname)}`);
    }
    const result = await match.route.handler({ request, response, url, params: match.params, credential });
    if (result === undefined) return;
    const text = JSON.stringify(result);
    if (!screen.clean(text)) {
      logger.error({ route: match.route.path }, 'dashboard answer withheld: it held a key or secret');
      sendJson(response, 500, errorBody('KRAKENKIT_DASHBOARD_WITHHELD', 'answer withheld: it held a secret'));
      return;
    }
    sendText(response, statusOfResult(result), 'application/json; charset=utf-8', text);
  } catch (error) {
    if (!(error instanceof DashboardRequestError)) throw error;
    // A refusal may repeat what was sent: screened like any answer, it keeps its status and code but not its text.
    const message = screen.cleanOfPrefixes(error.message)
      ? error.message
      : 'refused; the message is withheld: it held a key or secret';
    if (api || error.status !== 404) sendJson(response, error.status, errorBody(error.code, message));
    else sendText(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    logger.debug({ code: error.code, path: url.pathname }, 'dashboard request refused');
  }
}

// A control the guard refused answers 422, one the exchange failed 502: the record says why either way.
function statusOfResult(result: unknown): number {
  const outcome = (result as Partial<ControlRecord>).outcome;
  return outcome === 'refused' ? 422 : outcome === 'failed' ? 502 : 200;
}

function unauthorized(response: ServerResponse, api: boolean): void {
  const message =
    'open the dashboard with the login URL printed at start (…/?token=…; it works once), or send Authorization: Bearer <API token>';
  if (api) sendJson(response, 401, errorBody('KRAKENKIT_DASHBOARD_UNAUTHORIZED', message));
  else sendText(response, 401, 'text/plain; charset=utf-8', `401: ${message}\n`);
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendText(response: ServerResponse, status: number, type: string, text: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendFile(response: ServerResponse, file: StaticFile | undefined): undefined {
  if (file === undefined) throw new DashboardRequestError(404, DASHBOARD_CODES.notFound, 'no such file');
  sendText(response, 200, file.type, file.body);
  return undefined;
}
