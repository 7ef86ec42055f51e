import type { ServerResponse } from 'node:http';
import { setSecurityHeaders } from './security-headers.js';

/** Bounds of the live stream. */
export interface EventStreamLimits {
  /** Pages listening at once (more get 503). */
  maxClients: number;
  /** Bytes queued for one page before it is dropped as too slow (it reconnects and reloads). */
  maxQueuedBytes: number;
  /** A comment line this often keeps proxies and the browser from closing an idle stream. */
  keepAliveMs: number;
}

export const DEFAULT_STREAM_LIMITS: EventStreamLimits = {
  maxClients: 16,
  maxQueuedBytes: 1 << 20,
  keepAliveMs: 15_000,
};

/** What an event's text must pass before it is sent (the JSON answers' SecretScreen). */
export interface EventScreen {
  clean(text: string): boolean;
}

/**
 * Server-sent events (`text/event-stream`) to every open page: `event: <type>` and one JSON `data:` line. A page
 * that cannot keep up is dropped rather than buffered without bound; its EventSource reconnects by itself. Every
 * event goes through the same secret screen as the JSON answers: one that fails it is not sent (and `onWithheld`
 * is told its type, never its text).
 */
export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #limits: EventStreamLimits;
  readonly #screen: EventScreen;
  readonly #onWithheld: (type: string) => void;
  readonly #keepAlive: NodeJS.Timeout;

  constructor(options: {
    screen: EventScreen;
    limits?: EventStreamLimits;
    onWithheld?: (type: string) => void;
  }) {
    const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
    this.#limits = limits;
    this.#screen = options.screen;
    this.#onWithheld = options.onWithheld ?? (() => undefined);
    this.#keepAlive = setInterval(() => this.#write(': keep-alive\n\n'), limits.keepAliveMs);
    this.#keepAlive.unref();
  }

  /** Pages listening now. */
  get size(): number {
    return this.#clients.size;
  }

  /** Starts a stream on `response`; false (and a 503) when too many pages listen already. */
  attach(response: ServerResponse): boolean {
    setSecurityHeaders(response);
    if (this.#clients.size >= this.#limits.maxClients) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('too many listeners\n');
      return false;
    }
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
    return true;
  }

  /** Sends one event to every page, unless it holds a secret. */
  publish(type: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const text = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    if (!this.#screen.clean(text)) {
      this.#onWithheld(type);
      return;
    }
    this.#write(text);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.#keepAlive);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(text: string): void {
    for (const client of this.#clients) {
      if (client.writableLength > this.#limits.maxQueuedBytes) {
        this.#clients.delete(client);
        client.destroy();
        continue;
      }
      client.write(text);
    }
  }
}
