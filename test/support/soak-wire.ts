/**
 * A transport wrapper that watches the wire: what each request was, when (on the exchange's clock) it arrived,
 * and what the exchange answered. The soaks judge the exchange's answers, not the client's view of them.
 */
import type { Transport, TransportRequest, TransportResponse } from '@krakenkit/client/transport';

/** One request and the exchange's answer to it. */
export interface WireRecord {
  endpoint: string;
  /** Exchange clock when the request was handed over. */
  at: number;
  /** Kraken error strings of the answer ([] = success); undefined when no envelope came back. */
  errors: string[] | undefined;
  /** The answer's `result`, when there was one. */
  result: unknown;
  /** The request body (form or JSON text). */
  body: string;
}

export interface WireTap {
  transport: Transport;
  records: WireRecord[];
  /** How many answers carried each Kraken error string. */
  errorCounts(): Map<string, number>;
}

/** Wraps `inner`, recording every exchange of bytes with the time `now()` says. */
export function tapWire(inner: Transport, now: () => number, keep: (endpoint: string) => boolean): WireTap {
  const records: WireRecord[] = [];
  const counts = new Map<string, number>();
  const transport: Transport = {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const endpoint = endpointOf(request.path);
      const at = now();
      const response = await inner.send(request);
      const { errors, result } = parse(response.body);
      for (const error of errors ?? []) counts.set(error, (counts.get(error) ?? 0) + 1);
      if (keep(endpoint)) records.push({ endpoint, at, errors, result, body: request.body ?? '' });
      return response;
    },
    ...(inner.close === undefined ? {} : { close: () => inner.close?.() ?? Promise.resolve() }),
    ...(inner.handlesTimeout === undefined ? {} : { handlesTimeout: inner.handlesTimeout }),
  };
  return { transport, records, errorCounts: () => new Map(counts) };
}

function endpointOf(path: string): string {
  return path.split('?')[0]?.split('/').pop() ?? path;
}

function parse(body: string): { errors: string[] | undefined; result: unknown } {
  try {
    const envelope = JSON.parse(body) as { error?: unknown; result?: unknown };
    const errors = Array.isArray(envelope.error) ? envelope.error.map(String) : undefined;
    return { errors, result: envelope.result };
  } catch {
    return { errors: undefined, result: undefined };
  }
}
