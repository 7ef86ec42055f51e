/**
 * msw handlers that play Kraken for tests of the client through its fetch transport: each request is recorded
 * with its exact body and headers, private ones are checked against the signature of the bytes received.
 */
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { signRequest } from '../../src/signing.js';

export const BASE = 'https://api.kraken.com';

export interface SeenRequest {
  method: string;
  endpoint: string;
  headers: Headers;
  body: string;
  params: Record<string, unknown>;
  nonce: string | undefined;
  signatureValid: boolean | undefined;
}

export type Answer =
  | { result: unknown }
  | { error: string[] }
  | { status: number; text: string }
  | 'network-error';

export interface KrakenMock {
  server: SetupServer;
  seen: SeenRequest[];
  /** Requests seen for one endpoint. */
  calls(endpoint: string): SeenRequest[];
}

/** Starts msw with `answer` deciding each reply. `secret` checks signatures. */
export function mockKraken(
  secret: string,
  answer: (request: SeenRequest) => Answer | Promise<Answer>,
): KrakenMock {
  const seen: SeenRequest[] = [];
  const reply = async (request: Request, endpoint: string, access: 'public' | 'private') => {
    const seenRequest = await record(request, endpoint, access, secret);
    seen.push(seenRequest);
    const out = await answer(seenRequest);
    if (out === 'network-error') return HttpResponse.error();
    if ('status' in out) return new HttpResponse(out.text, { status: out.status });
    return HttpResponse.json('error' in out ? { error: out.error } : { error: [], result: out.result });
  };
  const server = setupServer(
    http.post(`${BASE}/0/private/:endpoint`, ({ request, params }) =>
      reply(request, String(params['endpoint']), 'private'),
    ),
    http.get(`${BASE}/0/public/:endpoint`, ({ request, params }) =>
      reply(request, String(params['endpoint']), 'public'),
    ),
  );
  server.listen({ onUnhandledRequest: 'error' });
  return { server, seen, calls: (endpoint) => seen.filter((r) => r.endpoint === endpoint) };
}

async function record(
  request: Request,
  endpoint: string,
  access: 'public' | 'private',
  secret: string,
): Promise<SeenRequest> {
  const body = access === 'private' ? await request.text() : '';
  const isJson = (request.headers.get('content-type') ?? '').startsWith('application/json');
  const params: Record<string, unknown> =
    access === 'public'
      ? Object.fromEntries(new URL(request.url).searchParams)
      : isJson
        ? (JSON.parse(body) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(body));
  const nonce = isJson ? /^\{"nonce":(\d+)/.exec(body)?.[1] : (params['nonce'] as string | undefined);
  const signatureValid =
    access === 'private'
      ? request.headers.get('api-sign') === signRequest(secret, `/0/private/${endpoint}`, nonce ?? '', body)
      : undefined;
  return { method: request.method, endpoint, headers: request.headers, body, params, nonce, signatureValid };
}
