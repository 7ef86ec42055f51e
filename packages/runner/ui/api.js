// The dashboard's JSON API and its live stream. The session cookie goes with every same-origin request by itself;
// the page never holds the token.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// A control: its record comes back whatever the outcome (422 refused by the guard, 502 failed at the exchange).
export async function postJson(path, fields = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(fields),
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok && body?.outcome === undefined) throw new ApiError(response.status, body);
  return body;
}

/** Listens to the server's events; `onEvent(type, data)` for each. Returns a function that stops listening. */
export function listen(onEvent, onState) {
  const source = new EventSource('/api/events');
  for (const type of ['status', 'decision', 'event', 'control', 'trading-state']) {
    source.addEventListener(type, (message) => onEvent(type, JSON.parse(message.data)));
  }
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  return () => source.close();
}
