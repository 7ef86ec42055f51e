/**
 * Just enough of RFC 6455 for a benchmark server: the handshake answer, unmasked server frames, and masked client
 * frames read back. The server writes a whole pre-framed stream with one socket write, so its own cost per frame
 * is near zero and the client's receive path is what gets timed.
 */
import { createHash } from 'node:crypto';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The `101 Switching Protocols` answer to a client's `Sec-WebSocket-Key` (no extension, no subprotocol). */
export function handshakeResponse(key: string): string {
  const accept = createHash('sha1')
    .update(key + HANDSHAKE_GUID)
    .digest('base64');
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
}

function headerLength(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/** Writes one final, unmasked frame at `offset`; returns the offset just past it. */
function writeFrame(target: Buffer, offset: number, opcode: number, payload: Buffer): number {
  const n = payload.length;
  let at = offset;
  target[at++] = 0x80 | opcode;
  if (n < 126) target[at++] = n;
  else if (n < 65_536) {
    target[at++] = 126;
    target.writeUInt16BE(n, at);
    at += 2;
  } else {
    target[at++] = 127;
    target.writeBigUInt64BE(BigInt(n), at);
    at += 8;
  }
  payload.copy(target, at);
  return at + n;
}

/** One server frame. */
export function serverFrame(opcode: number, payload: Buffer | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(headerLength(bytes.length) + bytes.length);
  writeFrame(out, 0, opcode, bytes);
  return out;
}

/** Many text frames back to back in one buffer, ready for a single socket write. */
export function textFrames(texts: readonly string[]): Buffer {
  const payloads = texts.map((text) => Buffer.from(text, 'utf8'));
  const total = payloads.reduce((sum, payload) => sum + headerLength(payload.length) + payload.length, 0);
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const payload of payloads) offset = writeFrame(out, offset, OPCODE.text, payload);
  return out;
}

export interface ClientFrame {
  opcode: number;
  payload: Buffer;
}

/**
 * Reads the complete client frames at the start of `pending` (clients always mask; fragmented messages are not
 * used by either client here). Returns them and the bytes of an incomplete frame left over.
 */
export function readClientFrames(pending: Buffer): { frames: ClientFrame[]; rest: Buffer } {
  const frames: ClientFrame[] = [];
  let at = 0;
  for (;;) {
    if (pending.length - at < 2) break;
    const opcode = (pending[at] as number) & 0x0f;
    const second = pending[at + 1] as number;
    const masked = (second & 0x80) !== 0;
    let length = second & 0x7f;
    let header = 2;
    if (length === 126) {
      if (pending.length - at < 4) break;
      length = pending.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (pending.length - at < 10) break;
      length = Number(pending.readBigUInt64BE(at + 2));
      header = 10;
    }
    const maskBytes = masked ? 4 : 0;
    if (pending.length - at < header + maskBytes + length) break;
    const start = at + header + maskBytes;
    const payload = Buffer.from(pending.subarray(start, start + length));
    if (masked) {
      for (let i = 0; i < length; i += 1) {
        payload[i] = (payload[i] as number) ^ (pending[at + header + (i % 4)] as number);
      }
    }
    frames.push({ opcode, payload });
    at = start + length;
  }
  return { frames, rest: pending.subarray(at) };
}
