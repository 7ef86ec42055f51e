import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credential } from './auth.js';

/** What a handler gets: the request, its parsed URL, the path's `{name}` parameters and how it signed in. */
export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Readonly<Record<string, string>>;
  /** `cookie`: a browser signed in with a login link; `bearer`: a tool with the API token. */
  credential: Exclude<Credential, undefined>;
}

/** A handler's answer: JSON to send, or `undefined` when it answered itself (a stream, a file). */
export type RouteHandler = (context: RouteContext) => Promise<unknown> | unknown;

/** One route: a method and a path template as OpenAPI writes it (`/api/bots/{name}/pause`). */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

/** The route matching a method and path, with its parameters; `allowed` lists methods of a path matched otherwise. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | { route: undefined; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params === undefined) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    allowed.push(route.method);
  }
  return { route: undefined, allowed };
}

function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index += 1) {
    const part = want[index] as string;
    const value = got[index] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (value === '') return undefined;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) return undefined;
  }
  return params;
}
