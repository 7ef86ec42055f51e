import { scanBookFrame } from './book-frame-scanner.js';
import { toPlainDecimal } from './decimal-text.js';
import { WsProtocolError } from './errors.js';
import { LosslessJsonError, parseLosslessJson } from './lossless-json.js';
import {
  type BalancesMessage,
  type BookData,
  balanceSnapshotSpec,
  balanceUpdateSpec,
  type ChannelMessage,
  candleSpec,
  type ExecutionsMessage,
  executionSpec,
  instrumentDataSpec,
  type MethodResponse,
  type ParsedFrame,
  type PushType,
  systemStatusSpec,
  tickerSpec,
  tradeSpec,
} from './messages.js';
import type { BookLevel } from './order-book.js';
import {
  asArray,
  asObject,
  describe,
  FieldError,
  type JsonObject,
  readBool,
  readInt,
  readKind,
  readList,
  readRecord,
  readString,
} from './wire-fields.js';

const pushTypes = ['snapshot', 'update'] as const;
const unsignedDecimal = /^\d+(?:\.\d+)?$/;

/**
 * Turns one text frame into a typed message. Never throws: a frame that is not JSON, or whose fields do not have
 * Kraken's documented types, comes back as `{ kind: 'invalid', error }` naming the path of the first bad field.
 * Book messages, most of the traffic, are read by a scanner made for them; whatever it does not recognise goes
 * through the general lossless parser, which gives the same result for the frames the scanner does read.
 */
export function parseFrame(text: string): ParsedFrame {
  const book = scanBookFrame(text);
  if (book !== undefined) return { kind: 'channel', message: book };
  return parseFrameGeneral(text);
}

/** `parseFrame` without the book fast path: lossless JSON, then the typed readers (the scanner's reference). */
export function parseFrameGeneral(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = parseLosslessJson(text);
  } catch (error) {
    const reason = error instanceof LosslessJsonError ? error.message : 'not valid JSON';
    return { kind: 'invalid', error: new WsProtocolError('', `not valid JSON (${reason})`, text) };
  }
  try {
    const frame = asObject(value, '');
    if (typeof frame.channel === 'string') return readChannel(frame, value);
    if (typeof frame.method === 'string') return { kind: 'response', message: readResponse(frame) };
    return { kind: 'unrecognized', value };
  } catch (error) {
    if (error instanceof FieldError) {
      return { kind: 'invalid', error: new WsProtocolError(error.path, error.message, text) };
    }
    // Defensive: a reader bug must not take the connection down either.
    return { kind: 'invalid', error: new WsProtocolError('', String(error), text) };
  }
}

function readChannel(frame: JsonObject, value: unknown): ParsedFrame {
  const message = readChannelMessage(frame);
  return message === undefined ? { kind: 'unrecognized', value } : { kind: 'channel', message };
}

function readChannelMessage(frame: JsonObject): ChannelMessage | undefined {
  const channel = frame.channel as string;
  if (channel === 'heartbeat') return { channel };
  if (channel === 'book') return { channel, type: readType(frame), data: readBookList(frame.data) };
  switch (channel) {
    case 'status':
      return { channel, type: readType(frame), data: readList(frame.data, systemStatusSpec, 'data') };
    case 'ticker':
      return { channel, type: readType(frame), data: readList(frame.data, tickerSpec, 'data') };
    case 'trade':
      return { channel, type: readType(frame), data: readList(frame.data, tradeSpec, 'data') };
    case 'ohlc':
      return { channel, type: readType(frame), data: readList(frame.data, candleSpec, 'data') };
    case 'instrument':
      return { channel, type: readType(frame), data: readRecord(frame.data, instrumentDataSpec, 'data') };
    case 'executions': {
      const message: ExecutionsMessage = {
        channel,
        type: readType(frame),
        data: readList(frame.data, executionSpec, 'data'),
      };
      return withSequence(message, frame);
    }
    case 'balances':
      return readBalances(frame);
    default:
      return undefined;
  }
}

function readType(frame: JsonObject): PushType {
  return readKind(frame.type, pushTypes, 'type') as PushType;
}

function withSequence<T extends { sequence?: number }>(message: T, frame: JsonObject): T {
  if (frame.sequence !== undefined && frame.sequence !== null) {
    message.sequence = readInt(frame.sequence, 'sequence');
  }
  return message;
}

function readBalances(frame: JsonObject): BalancesMessage {
  const message: BalancesMessage =
    readType(frame) === 'snapshot'
      ? { channel: 'balances', type: 'snapshot', data: readList(frame.data, balanceSnapshotSpec, 'data') }
      : { channel: 'balances', type: 'update', data: readList(frame.data, balanceUpdateSpec, 'data') };
  return withSequence(message, frame);
}

function readResponse(frame: JsonObject): MethodResponse {
  const method = frame.method as string;
  const hasError = frame.error !== undefined && frame.error !== null;
  const success =
    frame.success === undefined || frame.success === null ? !hasError : readBool(frame.success, 'success');
  const response: MethodResponse = { method, success };
  if (frame.req_id !== undefined && frame.req_id !== null) response.req_id = readInt(frame.req_id, 'req_id');
  if (frame.result !== undefined && frame.result !== null) response.result = frame.result;
  if (hasError) response.error = readString(frame.error, 'error');
  if (frame.warnings !== undefined && frame.warnings !== null) {
    response.warnings = readKind(frame.warnings, 'strings', 'warnings') as string[];
  }
  if (typeof frame.symbol === 'string') response.symbol = frame.symbol;
  if (typeof frame.time_in === 'string') response.time_in = frame.time_in;
  if (typeof frame.time_out === 'string') response.time_out = frame.time_out;
  return response;
}

// The book is the hot path: hand-written readers that reuse the parsed level objects instead of copying them.
function readBookList(value: unknown): BookData[] {
  const items = asArray(value, 'data');
  const out: BookData[] = new Array(items.length);
  for (let i = 0; i < items.length; i += 1) out[i] = readBookData(items[i], i);
  return out;
}

function readBookData(value: unknown, index: number): BookData {
  const item = asObject(value, `data[${index}]`);
  const symbol = readString(item.symbol, `data[${index}].symbol`);
  const bids = item.bids === undefined ? [] : readLevels(item.bids, index, 'bids');
  const asks = item.asks === undefined ? [] : readLevels(item.asks, index, 'asks');
  const checksum = readInt(item.checksum, `data[${index}].checksum`);
  if (checksum < 0 || checksum > 0xffffffff) {
    throw new FieldError(`data[${index}].checksum`, `expected an unsigned 32-bit integer, got ${checksum}`);
  }
  const data: BookData = { symbol, bids, asks, checksum };
  if (typeof item.timestamp === 'string') data.timestamp = item.timestamp;
  return data;
}

function readLevels(value: unknown, index: number, side: 'bids' | 'asks'): BookLevel[] {
  if (!Array.isArray(value)) {
    throw new FieldError(`data[${index}].${side}`, `expected an array, got ${describe(value)}`);
  }
  for (let i = 0; i < value.length; i += 1) {
    const level = value[i] as JsonObject | null;
    if (typeof level !== 'object' || level === null || Array.isArray(level)) {
      throw new FieldError(`data[${index}].${side}[${i}]`, `expected an object, got ${describe(level)}`);
    }
    level.price = readUnsigned(level.price, index, side, i, 'price');
    level.qty = readUnsigned(level.qty, index, side, i, 'qty');
  }
  return value as BookLevel[];
}

function readUnsigned(raw: unknown, index: number, side: string, i: number, field: string): string {
  if (typeof raw === 'string') {
    if (unsignedDecimal.test(raw)) return raw;
    const plain = toPlainDecimal(raw);
    if (plain !== undefined && plain.charCodeAt(0) !== 0x2d) return plain;
  }
  throw new FieldError(
    `data[${index}].${side}[${i}].${field}`,
    `expected a non-negative decimal, got ${describe(raw)}`,
  );
}
