import { connect } from 'node:net';

/** One HTTP answer as read off the wire: status, headers (names in lower case) and body. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `parts` on a fresh connection (one write each), half-closes it, and resolves with every answer the server
 * sent before closing, in order.
 */
export function exchangeRaw(port: number, parts: readonly (string | Buffer)[]): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.setNoDelay(true);
      for (const part of parts) socket.write(part);
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that closes on a malformed request with bytes of ours still unread resets the connection: what it
    // answered before is in `chunks` (the kernel hands queued data over before the reset), and `close` follows.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => resolve(readAnswers(Buffer.concat(chunks))));
  });
}

/**
 * Splits a stream of HTTP/1.1 answers framed by Content-Length (an answer without one runs to the end; an interim
 * 1xx answer has none).
 */
export function readAnswers(bytes: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', at, 'latin1');
    if (headEnd < 0) throw new Error(`an answer without a complete head: ${bytes.toString('latin1', at)}`);
    const [statusLine = '', ...lines] = bytes.toString('latin1', at, headEnd).split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    const length = headers['content-length'];
    // An interim answer (100 Continue) has no body: the final answer follows it.
    const interim = status >= 100 && status < 200;
    const bodyEnd = interim ? bodyStart : length === undefined ? bytes.length : bodyStart + Number(length);
    answers.push({ status, headers, body: bytes.toString('utf8', bodyStart, bodyEnd) });
    at = bodyEnd;
  }
  return answers;
}
