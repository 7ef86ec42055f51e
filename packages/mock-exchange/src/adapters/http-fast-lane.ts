import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { MockRequest, MockResponse } from '../request.js';

/**
 * The HTTP/1.1 requests a trading client sends the REST API, answered without node:http's per-request machinery;
 * everything else is node:http's. A connection starts here; the first request outside the narrow form below hands
 * the connection (with every byte not yet answered) to node:http's own connection handler, for good. So a request
 * is either one this lane reads completely, or node:http reads it with all its checks and limits: malformed,
 * chunked, oversized, upgrading (WebSocket), `Expect`, admin paths and anything else are answered as node:http
 * answers them. The lane's form: `GET` or `POST` of a `/0/` path (URI characters only) over `HTTP/1.1`, CRLF line
 * ends, token header names, header values without control characters, exactly one `Host`, at most one
 * `Content-Length` of at most {@link LANE_MAX_BODY} bytes, no `Transfer-Encoding`, `Upgrade` or `Expect`,
 * `Connection` absent, `keep-alive` or `close`, and a head within {@link LANE_MAX_HEAD} bytes and
 * {@link LANE_MAX_HEADERS} header lines. While anyone listens for the server's `request` events (a test spying on
 * calls), new requests go to node:http, which emits them. Decision 0018 says why and how it is held to node:http.
 */
export interface FastLane {
  /** Destroys the connections the lane holds (node:http's own are closed by `closeAllConnections`). */
  destroyAll(): void;
  /** Connections the lane is serving now. */
  readonly size: number;
}

/** What the lane needs from the server: the exchange's answer to one request. */
export type LaneHandler = (request: MockRequest) => MockResponse;

/** How long a connection may idle or take over a request; the server's own node:http settings, applied alike. */
export interface LaneTimeouts {
  keepAliveMs: number;
  headersMs: number;
  requestMs: number;
}

/** Largest head the lane reads (node:http's default header limit); a longer one goes to node:http (431). */
export const LANE_MAX_HEAD = 16 * 1024;
/** Most header lines the lane reads; a head with more goes to node:http. */
export const LANE_MAX_HEADERS = 100;
/** Largest body the lane reads; a larger one goes to node:http, which reads and bounds it. */
export const LANE_MAX_BODY = 64 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
// The target: a path under /0/ and a query, in URI characters only (unreserved, sub-delims, ":@/?%").
const REQUEST_LINE = /^(GET|POST) (\/0\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*) HTTP\/1\.1$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values: visible characters, spaces, tabs and obs-text; no CR, LF, NUL or other control characters.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CONTENT_LENGTH = /^\d{1,7}$/;
const SWEEP_MS = 1_000;
// node:http's answers to a request cut short by the client's end and to one that took too long.
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
const LF = 0x0a;
const CR = 0x0d;

/**
 * Puts the lane in front of `server`'s connection handler. Returns undefined (and changes nothing) when the server's
 * `connection` event has other listeners than node:http's own, which the lane could not stand in front of.
 */
export function installFastLane(
  server: Server,
  handle: LaneHandler,
  timeouts: LaneTimeouts,
): FastLane | undefined {
  const listeners = server.listeners('connection');
  const nodeConnection = listeners[0] as ((socket: Socket) => void) | undefined;
  if (listeners.length !== 1 || nodeConnection === undefined) return undefined;
  const lanes = new Set<LaneConnection>();
  const handOff = (socket: Socket) => nodeConnection.call(server, socket);
  const onlyOurs = () => server.listenerCount('request') === 1;
  server.removeListener('connection', nodeConnection);
  server.on('connection', (socket: Socket) => {
    lanes.add(new LaneConnection(socket, { handle, handOff, onlyOurs, timeouts, lanes }));
  });
  // Checked a few times within the shortest timeout (at most once a second): a timeout ends late by that much.
  const sweepMs = Math.max(5, Math.min(SWEEP_MS, Math.min(timeouts.keepAliveMs, timeouts.headersMs) / 4));
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const lane of lanes) lane.sweep(now);
  }, sweepMs);
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
  return {
    destroyAll() {
      for (const lane of lanes) lane.destroy();
      lanes.clear();
    },
    get size() {
      return lanes.size;
    },
  };
}

interface LaneContext {
  handle: LaneHandler;
  handOff: (socket: Socket) => void;
  onlyOurs: () => boolean;
  timeouts: LaneTimeouts;
  lanes: Set<LaneConnection>;
}

/** A request's head as the lane reads it; undefined from the parser means "not the lane's: hand it off". */
interface LaneHead {
  method: string;
  path: string;
  headers: MockRequest['headers'];
  contentLength: number;
  close: boolean;
}

class LaneConnection {
  readonly #socket: Socket;
  readonly #context: LaneContext;
  readonly #ip: string | undefined;
  /** Bytes read and not yet answered: a partial head, or requests waiting behind a delayed answer. */
  #pending: Buffer | undefined;
  /** A body still coming behind a complete head: its pieces, kept apart (joined once, when all are in). */
  #body: Buffer[] = [];
  #bodyBytes = 0;
  /** Bytes the request whose body is coming needs in all, head included; 0 when no body is coming. */
  #need = 0;
  /** An answer is delayed (an injected latency) or has not drained to the client: requests behind it wait. */
  #busy = false;
  /** The connection is closing: nothing more is read or answered. */
  #ending = false;
  /** The client has half-closed the connection: it sends nothing more. */
  #peerEnded = false;
  readonly #keepAlive: string;
  #lastActive = Date.now();
  /**
   * When the first byte of the request being received came; 0 between requests. Minus the connection's start
   * until its first byte: node:http holds a connection that has sent nothing to the header time (then 408).
   */
  #requestStart = -Date.now();
  /** When its head was complete (its body still coming); 0 otherwise. */
  #headDone = 0;
  readonly #onData = (chunk: Buffer) => this.#receive(chunk);
  readonly #onEnd = () => this.#onPeerEnd();
  readonly #onClose = () => this.#context.lanes.delete(this);
  readonly #onError = () => {
    // A reset peer: `close` follows and drops the connection; nothing to answer.
  };

  constructor(socket: Socket, context: LaneContext) {
    this.#socket = socket;
    this.#context = context;
    this.#ip = socket.remoteAddress;
    this.#keepAlive = `Keep-Alive: timeout=${Math.floor(context.timeouts.keepAliveMs / 1000)}\r\n`;
    socket.setNoDelay(true);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    socket.on('error', this.#onError);
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Closes a connection idle past the keep-alive time, or one whose request is overdue (408, as node:http). */
  sweep(now: number): void {
    const { keepAliveMs, headersMs, requestMs } = this.#context.timeouts;
    if (this.#busy || this.#ending) return;
    if (this.#requestStart === 0) {
      if (now - this.#lastActive > keepAliveMs) this.destroy();
      return;
    }
    const start = Math.abs(this.#requestStart);
    const overdue = (this.#headDone === 0 && now - start > headersMs) || now - start > requestMs;
    if (overdue) this.#finish(REQUEST_TIMEOUT);
  }

  #receive(chunk: Buffer): void {
    this.#lastActive = Date.now();
    if (this.#requestStart <= 0) this.#requestStart = this.#lastActive;
    if (this.#need > 0) {
      // A body trickling in is not copied again with every piece: one join once it is whole.
      this.#body.push(chunk);
      this.#bodyBytes += chunk.length;
      if (this.#bodyBytes < this.#need) return;
      const whole = Buffer.concat(this.#body, this.#bodyBytes);
      this.#body = [];
      this.#bodyBytes = 0;
      this.#need = 0;
      this.#serve(whole);
      return;
    }
    const bytes = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = undefined;
    this.#serve(bytes);
  }

  /** Answers every complete request in `bytes`, in order; keeps a partial one; hands off at the first not ours. */
  #serve(bytes: Buffer): void {
    let rest = bytes;
    while (rest.length > 0 && !this.#ending) {
      if (this.#busy) {
        // Behind a delayed answer: kept, in order, until it has gone out.
        this.#pending = rest;
        return;
      }
      const headEnd = rest.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (rest.length > LANE_MAX_HEAD || hasBareLineFeed(rest)) this.#handOff(rest);
        else this.#pending = rest;
        return;
      }
      const head =
        headEnd <= LANE_MAX_HEAD && this.#context.onlyOurs() ? parseHead(rest, headEnd) : undefined;
      if (head === undefined) {
        this.#handOff(rest);
        return;
      }
      const end = headEnd + HEAD_END.length + head.contentLength;
      if (rest.length < end) {
        if (this.#headDone === 0) this.#headDone = Date.now();
        this.#body = [rest];
        this.#bodyBytes = rest.length;
        this.#need = end;
        return;
      }
      const body = rest.toString('utf8', headEnd + HEAD_END.length, end);
      rest = rest.subarray(end);
      this.#requestStart = rest.length > 0 ? Date.now() : 0;
      this.#headDone = 0;
      this.#answer(head, body);
    }
  }

  #answer(head: LaneHead, body: string): void {
    const response = this.#context.handle({
      method: head.method,
      path: head.path,
      headers: head.headers,
      body,
      ip: this.#ip,
    });
    if (response.delayMs <= 0) {
      this.#send(response, head.close);
      return;
    }
    // Requests behind a delayed answer wait for it: answers go out in the order their requests came.
    this.#hold();
    setTimeout(() => {
      this.#busy = false;
      if (this.#socket.destroyed) return;
      this.#send(response, head.close);
      if (!this.#busy) this.#continue();
    }, response.delayMs);
  }

  /** Stops reading: requests already read wait (in order) until {@link #continue}. */
  #hold(): void {
    this.#busy = true;
    this.#socket.pause();
  }

  /** Reads again after a hold, answering the requests that waited; ends the connection if the client has. */
  #continue(): void {
    if (this.#ending || this.#socket.destroyed) return;
    this.#socket.resume();
    const waiting = this.#pending;
    this.#pending = undefined;
    if (waiting !== undefined) this.#serve(waiting);
    if (this.#peerEnded && !this.#busy && !this.#ending) this.#finish(this.#hasPartial() ? BAD_REQUEST : '');
  }

  #send(response: MockResponse, close: boolean): void {
    if (response.drop !== undefined) {
      this.#socket.destroy();
      return;
    }
    let text = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}\r\n`;
    for (const [name, value] of Object.entries(response.headers)) text += `${name}: ${value}\r\n`;
    text += `Content-Length: ${Buffer.byteLength(response.body)}\r\nDate: ${httpDate()}\r\n`;
    this.#lastActive = Date.now();
    if (close) this.#finish(`${text}Connection: close\r\n\r\n${response.body}`);
    else if (!this.#socket.write(`${text}Connection: keep-alive\r\n${this.#keepAlive}\r\n${response.body}`)) {
      // A client that sends without reading its answers: nothing more is read or answered until they have gone
      // out (as node:http does), so the answers waiting in memory stay within the socket's buffer.
      this.#hold();
      this.#socket.once('drain', () => {
        this.#busy = false;
        this.#continue();
      });
    }
  }

  /** Writes the last bytes and closes the connection once they are out. */
  #finish(last: string): void {
    this.#ending = true;
    const socket = this.#socket;
    socket.end(last, () => socket.destroy());
  }

  #onPeerEnd(): void {
    // Half-closed by the client: answers still owed (behind a delayed one) go out first, then the connection ends.
    this.#peerEnded = true;
    if (!this.#busy && !this.#ending) this.#finish(this.#hasPartial() ? BAD_REQUEST : '');
  }

  /**
   * Whether part of a request has come and not the rest (what node:http answers 400 at the client's end). Line
   * ends alone are none: node:http skips empty lines before a request.
   */
  #hasPartial(): boolean {
    return this.#need > 0 || (this.#pending !== undefined && !onlyLineEnds(this.#pending));
  }

  #handOff(bytes: Buffer): void {
    const socket = this.#socket;
    if (this.#peerEnded) {
      // The stream has ended (the client half-closed behind a delayed answer): nothing can be put back for
      // node:http to read, and node:http, which ends a connection at the client's end, would answer no more.
      this.#finish('');
      return;
    }
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('error', this.#onError);
    this.#context.lanes.delete(this);
    // Put back what the lane read but did not answer: node:http parses the connection from there.
    socket.unshift(bytes);
    this.#context.handOff(socket);
  }
}

function onlyLineEnds(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== CR && byte !== LF) return false;
  return true;
}

/** Whether a line ends in a bare LF (no CR before it): a head node:http judges, so the lane does not wait for it. */
function hasBareLineFeed(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1))
    if (bytes[at - 1] !== CR) return true;
  return false;
}

/** Reads the head (up to `headEnd`) in the lane's narrow form, or undefined when anything is outside it. */
function parseHead(bytes: Buffer, headEnd: number): LaneHead | undefined {
  const lines = bytes.toString('latin1', 0, headEnd).split('\r\n');
  // node:http keeps the first 2,000 header lines of a request and drops the rest: a head with more than a client
  // sends (a hundred) is node:http's to read, so both read the same headers.
  if (lines.length > LANE_MAX_HEADERS + 1) return undefined;
  const requestLine = REQUEST_LINE.exec(lines[0] as string);
  if (requestLine === null) return undefined;
  let apiKey: string | undefined;
  let apiSign: string | undefined;
  let contentType: string | undefined;
  let contentLength: string | undefined;
  let hosts = 0;
  let connections = 0;
  let close = false;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    const value = fieldValue(line, colon + 1);
    // A stray CR or LF inside a line is a line end node:http would judge; so is anything else out of form.
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return undefined;
    switch (name.toLowerCase()) {
      case 'api-key':
        apiKey = apiKey === undefined ? value : `${apiKey}, ${value}`;
        break;
      case 'api-sign':
        apiSign = apiSign === undefined ? value : `${apiSign}, ${value}`;
        break;
      case 'content-type':
        contentType ??= value;
        break;
      // node:http reads these two values with spaces around them, not tabs: a tab in either is its to judge.
      case 'content-length':
        if (contentLength !== undefined || !CONTENT_LENGTH.test(value) || line.includes('\t'))
          return undefined;
        contentLength = value;
        break;
      case 'host':
        hosts += 1;
        break;
      case 'connection': {
        // A second Connection header (node:http refuses two that disagree) is node:http's too.
        connections += 1;
        if (connections > 1 || line.includes('\t')) return undefined;
        const option = value.toLowerCase();
        if (option === 'close') close = true;
        else if (option !== 'keep-alive') return undefined;
        break;
      }
      case 'transfer-encoding':
      case 'upgrade':
      case 'expect':
        return undefined;
    }
  }
  const length = contentLength === undefined ? 0 : Number(contentLength);
  if (hosts !== 1 || length > LANE_MAX_BODY) return undefined;
  return {
    method: requestLine[1] as string,
    path: requestLine[2] as string,
    headers: { 'api-key': apiKey, 'api-sign': apiSign, 'content-type': contentType },
    contentLength: length,
    close,
  };
}

/** The field's value from `start`, without the optional spaces and tabs around it (String#trim strips more). */
function fieldValue(line: string, start: number): string {
  let from = start;
  let to = line.length;
  while (from < to && isOws(line.charCodeAt(from))) from += 1;
  while (to > from && isOws(line.charCodeAt(to - 1))) to -= 1;
  return line.slice(from, to);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

let dateSecond = -1;
let dateText = '';

/** The Date header's text, built once a second (as node:http does). */
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
