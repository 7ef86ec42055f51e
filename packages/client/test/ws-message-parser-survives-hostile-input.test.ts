import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WsProtocolError } from '../src/ws/errors.js';
import { parseLosslessJson, quoteJsonNumbers } from '../src/ws/lossless-json.js';
import { parseFrame } from '../src/ws/parse-frame.js';

const validFrames = [
  '{"channel":"heartbeat"}',
  '{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":18446744073709551615,"system":"online","version":"2.0.10"}]}',
  '{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.10000000}],"asks":[{"price":45285.2,"qty":0.001}],"checksum":3310070434}]}',
  '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0}],"asks":[],"checksum":12,"timestamp":"2023-10-06T17:35:55.440295Z"}]}',
  '{"channel":"ticker","type":"snapshot","data":[{"symbol":"BTC/USD","bid":45283.5,"bid_qty":0.1,"ask":45285.2,"ask_qty":0.001,"last":45284.0,"volume":1234.56789,"change_pct":-1.25}]}',
  '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":45285.2,"qty":0.001,"ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"}]}',
  '{"channel":"ohlc","type":"update","data":[{"symbol":"BTC/USD","open":1,"high":2,"low":0.5,"close":1.5,"vwap":1.2,"trades":3,"volume":10,"interval_begin":"2023-09-25T07:49:00Z","interval":1}]}',
  '{"channel":"instrument","type":"snapshot","data":{"assets":[{"id":"BTC","status":"enabled","precision":10,"borrowable":true,"collateral_value":1.0}],"pairs":[{"symbol":"BTC/USD","price_precision":1,"qty_precision":8,"qty_min":0.0001,"marginable":true}]}}',
  '{"channel":"executions","type":"update","data":[{"exec_type":"trade","order_id":"O1","cl_ord_id":"c1","side":"buy","order_qty":0.25,"last_qty":0.10,"last_price":45000.0,"fees":[{"asset":"USD","qty":0.45}],"trade_id":1,"timestamp":"t"}],"sequence":7}',
  '{"channel":"balances","type":"update","data":[{"asset":"USD","amount":-5.5,"balance":994.5,"fee":0,"ledger_id":"L1","ref_id":"R1","timestamp":"t","type":"trade"}],"sequence":2}',
  '{"method":"add_order","req_id":7,"result":{"order_id":"O1","cl_ord_id":"c1"},"success":true,"time_in":"a","time_out":"b"}',
  '{"method":"subscribe","req_id":8,"error":"Currency pair not supported XYZ/USD","success":false,"symbol":"XYZ/USD"}',
  '{"method":"pong","req_id":9,"time_in":"a","time_out":"b"}',
];

describe('WebSocket v2 frame parser', () => {
  it('reads every documented message kind into typed values, money as exact text', () => {
    const parsed = validFrames.map(parseFrame);
    expect(parsed.map((p) => p.kind)).toEqual([
      ...Array(10).fill('channel'),
      'response',
      'response',
      'response',
    ]);
    const book = parsed[2];
    expect(
      book?.kind === 'channel' && book.message.channel === 'book' && book.message.data[0]?.bids[0],
    ).toEqual({
      price: '45283.5',
      qty: '0.10000000',
    });
    const status = parsed[1];
    expect(
      status?.kind === 'channel' &&
        status.message.channel === 'status' &&
        status.message.data[0]?.connection_id,
    ).toBe('18446744073709551615');
    const executions = parsed[8];
    expect(executions).toMatchObject({
      kind: 'channel',
      message: {
        channel: 'executions',
        sequence: 7,
        data: [{ last_qty: '0.10', last_price: '45000.0', trade_id: 1 }],
      },
    });
    const pong = parsed[12];
    expect(pong).toMatchObject({ kind: 'response', message: { method: 'pong', req_id: 9, success: true } });
  });

  it('keeps the exact text of every number, including exponents and long digits', () => {
    expect(parseLosslessJson('{"a":[1.50,-0,2e-8,12345678901234567890.123]}')).toEqual({
      a: ['1.50', '-0', '2e-8', '12345678901234567890.123'],
    });
    expect(quoteJsonNumbers('{"s":"1\\"2","n":3}')).toBe('{"s":"1\\"2","n":"3"}');
  });

  it.each([
    ['not JSON', '{"channel":', ''],
    ['a number key', '{1:2}', ''],
    ['a bad number', '{"channel":"book","x":01}', ''],
    ['a bare value', '42', ''],
    [
      'a string price',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[{"price":"abc","qty":1}],"asks":[],"checksum":1}]}',
      'data[0].bids[0].price',
    ],
    [
      'a negative qty',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[],"asks":[{"price":1,"qty":-1}],"checksum":1}]}',
      'data[0].asks[0].qty',
    ],
    [
      'a checksum too big',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[],"asks":[],"checksum":4294967296}]}',
      'data[0].checksum',
    ],
    [
      'a missing field',
      '{"channel":"trade","type":"update","data":[{"symbol":"B","side":"buy","price":1,"qty":1,"timestamp":"t"}]}',
      'data[0].trade_id',
    ],
    [
      'an unknown side',
      '{"channel":"trade","type":"update","data":[{"symbol":"B","side":"up","price":1,"qty":1,"trade_id":1,"timestamp":"t"}]}',
      'data[0].side',
    ],
    ['a bad type', '{"channel":"ticker","type":"delta","data":[]}', 'type'],
    [
      'an absurd exponent',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[{"price":1e99999999,"qty":1}],"asks":[],"checksum":1}]}',
      'data[0].bids[0].price',
    ],
    ['a float req_id', '{"method":"add_order","req_id":1.5,"success":true}', 'req_id'],
  ])('turns %s into a typed protocol error with its path', (_, frame, path) => {
    const parsed = parseFrame(frame);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.error).toBeInstanceOf(WsProtocolError);
    expect(parsed.error.code).toBe('KRAKENKIT_WS_PROTOCOL');
    expect(parsed.error.path).toBe(path);
  });

  it('leaves well-formed frames of unknown channels as unrecognized, not errors', () => {
    expect(parseFrame('{"channel":"level3","type":"update","data":[]}').kind).toBe('unrecognized');
    expect(parseFrame('{"event":"heartbeat"}').kind).toBe('unrecognized');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseFrame(text);
        expect(['channel', 'response', 'unrecognized', 'invalid']).toContain(parsed.kind);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary JSON values, and agrees with JSON.parse on validity', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expect(() => parseLosslessJson(text)).not.toThrow();
        const parsed = parseFrame(text);
        if (parsed.kind === 'invalid') expect(parsed.error).toBeInstanceOf(WsProtocolError);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never throws on mutated valid frames (fields swapped, truncated, spliced)', () => {
    const hostileValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      fc.constantFrom('null', '[]', '{}', '"x"', '-1', '1e999', 'true', '{"__proto__":{"x":1}}'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...validFrames),
        fc.nat(),
        fc.nat(),
        hostileValue,
        (frame, cut, at, splice) => {
          const truncated = frame.slice(0, cut % (frame.length + 1));
          const position = at % (frame.length + 1);
          const spliced = frame.slice(0, position) + splice + frame.slice(position);
          const replaced = frame.replace(/:(\d+(?:\.\d+)?|"[^"]*")/, `:${splice}`);
          for (const text of [truncated, spliced, replaced]) {
            const parsed = parseFrame(text);
            expect(['channel', 'response', 'unrecognized', 'invalid']).toContain(parsed.kind);
            if (parsed.kind === 'invalid') expect(parsed.error.excerpt.length).toBeLessThanOrEqual(201);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('quotes numbers so that exactly the inputs JSON.parse accepts are accepted', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'{}[],:"-.0123456789eE+ truefalsn\\'.split('')),
          maxLength: 40,
        }),
        (text) => {
          let native = true;
          try {
            JSON.parse(text);
          } catch {
            native = false;
          }
          let lossless = true;
          try {
            parseLosslessJson(text);
          } catch {
            lossless = false;
          }
          expect(lossless).toBe(native);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
