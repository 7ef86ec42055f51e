/**
 * The light load: the same signed Balance calls as load.ts, written as prepared HTTP/1.1 bytes over node:net, one
 * call in flight per connection, each answer read by its Content-Length (what load-test tools such as wrk or
 * autocannon do). undici spends about as much CPU per call as the server it calls, so on a 2-core machine the
 * driver, not the server, sets the pace and two servers of different cost show the same req/s; this driver leaves
 * the server most of a core, so req/s follows the server's own cost. The run itself: timed-load.ts.
 */
import { connect, type Socket } from 'node:net';
import { BALANCE_PATH, type KeySigner, type SignedCall } from './keys.js';
import { type RunFigure, runTimedLoad, SUCCESS_START, workersFor } from './timed-load.js';

const SUCCESS = Buffer.from(SUCCESS_START);
const HEADERS_END = Buffer.from('\r\n\r\n');
/** An answer's head bigger than this is not one of our servers' answers. */
const MOST_HEAD_BYTES = 16 * 1024;

/** One answer: its status and body. */
interface Answer {
  status: number;
  body: Buffer;
}

function encode(host: string, call: SignedCall): Buffer {
  const headers = Object.entries(call.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.from(
    `POST ${BALANCE_PATH} HTTP/1.1\r\nhost: ${host}\r\n${headers}content-length: ${Buffer.byteLength(call.body)}\r\n\r\n${call.body}`,
    'latin1',
  );
}

/** A keep-alive connection with one request in flight at a time. */
class RawConnection {
  readonly #socket: Socket;
  #buffered: Buffer = Buffer.alloc(0);
  #waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
      this.#tryAnswer();
    });
    const fail = (error: Error) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
    });
  }

  request(bytes: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #tryAnswer(): void {
    const buffered = this.#buffered;
    const headEnd = buffered.indexOf(HEADERS_END);
    if (headEnd < 0) {
      if (buffered.length > MOST_HEAD_BYTES) this.#socket.destroy(new Error('answer head too large'));
      return;
    }
    const head = buffered.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length === null) {
      this.#socket.destroy(new Error(`answer without a Content-Length: ${head.slice(0, 120)}`));
      return;
    }
    const bodyStart = headEnd + HEADERS_END.length;
    const bodyEnd = bodyStart + Number(length[1]);
    if (buffered.length < bodyEnd) return;
    if (buffered.length > bodyEnd) {
      this.#socket.destroy(new Error('bytes past the answer while one call was in flight'));
      return;
    }
    this.#buffered = Buffer.alloc(0);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve({ status, body: buffered.subarray(bodyStart, bodyEnd) });
  }
}

export async function runRawLoad(
  origin: string,
  signers: readonly KeySigner[],
  connections: number,
  durationMs: number,
  expectedPerSecond: number,
): Promise<RunFigure> {
  const workers = workersFor(signers, connections);
  const { host, port } = new URL(origin);
  const opening = await Promise.allSettled(workers.map(() => RawConnection.open(Number(port))));
  const opened = opening.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const refused = opening.find((result) => result.status === 'rejected');
  if (refused !== undefined) {
    for (const connection of opened) connection.close();
    throw refused.reason;
  }
  const driver = {
    prepare: (call: SignedCall) => encode(host, call),
    async send(worker: number, bytes: Buffer): Promise<string | undefined> {
      const { status, body } = await (opened[worker] as RawConnection).request(bytes);
      return status === 200 && body.subarray(0, SUCCESS.length).equals(SUCCESS)
        ? undefined
        : `${status} ${body.toString('utf8', 0, 120)}`;
    },
  };
  try {
    return await runTimedLoad(driver, workers, durationMs, expectedPerSecond);
  } finally {
    for (const connection of opened) connection.close();
  }
}
