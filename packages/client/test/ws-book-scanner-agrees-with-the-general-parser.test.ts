import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBookFrame } from '../src/ws/book-frame-scanner.js';
import type { ParsedFrame } from '../src/ws/messages.js';
import { parseFrame, parseFrameGeneral } from '../src/ws/parse-frame.js';

// Frames are written as text here (not JSON.stringify'd objects) so numbers keep the exact digits and keys come in
// any order, as a server may send them.

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** An unsigned JSON number without exponent: `0`, `45285`, `0.001`, `45285.20`. */
const unsignedNumber = fc
  .tuple(
    fc.oneof(
      fc.constant('0'),
      fc.tuple(fc.constantFrom(...'123456789'), digits(0, 14)).map(([head, tail]) => head + tail),
    ),
    fc.option(digits(1, 12), { nil: undefined }),
  )
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

/** An object's fields in a generated order. */
const objectText = (fields: ReadonlyArray<readonly [string, string]>) =>
  fc
    .shuffledSubarray([...fields], { minLength: fields.length, maxLength: fields.length })
    .map((shuffled) => `{${shuffled.map(([key, value]) => `"${key}":${value}`).join(',')}}`);

const level = fc
  .tuple(unsignedNumber, fc.oneof(unsignedNumber, fc.constantFrom('0', '0.0')))
  .chain(([price, qty]) =>
    objectText([
      ['price', price],
      ['qty', qty],
    ]),
  );
const levels = fc.array(level, { maxLength: 5 }).map((items) => `[${items.join(',')}]`);
const plainSymbol = fc.constantFrom('BTC/USD', 'ETH/EUR', 'XBT/USDT', 'A', '');
const anySymbol = fc.oneof(plainSymbol, fc.string({ maxLength: 12 }));
const timestamp = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => JSON.stringify(date.toISOString()));

const bookData = (symbol: fc.Arbitrary<string>) =>
  fc
    .record(
      {
        symbol: symbol.map((text) => JSON.stringify(text)),
        bids: levels,
        asks: levels,
        checksum: fc.integer({ min: 0, max: 0xffffffff }).map(String),
        timestamp,
      },
      { requiredKeys: ['symbol', 'checksum'] },
    )
    .chain((fields) =>
      objectText(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    );

const bookFrame = (symbol: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.constantFrom('"snapshot"', '"update"'),
      fc.array(bookData(symbol), { minLength: 0, maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    )
    .chain(([type, data]) =>
      objectText([
        ['channel', '"book"'],
        ['type', type],
        ['data', data],
      ]),
    );

/** The two parsers' answers compared as a caller sees them (errors by path and message). */
function comparable(parsed: ParsedFrame): unknown {
  if (parsed.kind !== 'invalid') return parsed;
  return { kind: 'invalid', path: parsed.error.path, message: parsed.error.message };
}

const MUTATION_CHARACTERS = [
  '"',
  ',',
  ':',
  '{',
  '}',
  '[',
  ']',
  ' ',
  '-',
  '.',
  'e',
  '0',
  '9',
  '\\',
  '\n',
  'x',
  'n',
];
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...MUTATION_CHARACTERS),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.constantFrom(...MUTATION_CHARACTERS),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '"price":1,',
      ',"qty":2',
      '"symbol":"X",',
      ',"checksum":1',
      ',"extra":null',
      '1e5',
      '-1',
      '"1.5"',
      'null',
      '{}',
      '[]',
    ),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, edits: readonly Mutation[]): string {
  let out = text;
  for (const edit of edits) {
    const at = edit.at % (out.length + 1);
    if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    else if (edit.kind === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.kind === 'replace') out = out.slice(0, at) + edit.text + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}

describe('the book frame scanner', () => {
  it('reads every well-formed compact book frame itself, keys in any order, and agrees with the general parser', () => {
    fc.assert(
      fc.property(bookFrame(plainSymbol), (text) => {
        const message = scanBookFrame(text);
        expect(message).toBeDefined();
        const general = parseFrameGeneral(text);
        expect(general.kind).toBe('channel');
        expect({ kind: 'channel', message }).toEqual(general);
        expect(parseFrame(text)).toEqual(general);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps every price and quantity as its exact wire text (trailing zeros, long digits)', () => {
    const text =
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.50,"qty":0.10000000},' +
      '{"price":123456789012345678901234.5,"qty":0}],"asks":[],"checksum":4294967295,"timestamp":"2023-10-06T17:35:55.440295Z"}]}';
    expect(scanBookFrame(text)).toEqual({
      channel: 'book',
      type: 'update',
      data: [
        {
          symbol: 'BTC/USD',
          bids: [
            { price: '45283.50', qty: '0.10000000' },
            { price: '123456789012345678901234.5', qty: '0' },
          ],
          asks: [],
          checksum: 4294967295,
          timestamp: '2023-10-06T17:35:55.440295Z',
        },
      ],
    });
  });

  it.each([
    ['whitespace', '{ "channel":"book","type":"update","data":[] }'],
    [
      'an exponent',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[{"price":1e2,"qty":1}],"checksum":1}]}',
    ],
    [
      'a negative quantity',
      '{"channel":"book","type":"update","data":[{"symbol":"B","asks":[{"price":1,"qty":-1}],"checksum":1}]}',
    ],
    [
      'a quoted number',
      '{"channel":"book","type":"update","data":[{"symbol":"B","bids":[{"price":"1.5","qty":1}],"checksum":1}]}',
    ],
    ['an escaped symbol', '{"channel":"book","type":"update","data":[{"symbol":"B\\/USD","checksum":1}]}'],
    ['an escaped channel name', '{"channel":"b\\u006fok","type":"update","data":[]}'],
    [
      'a repeated key',
      '{"channel":"book","type":"update","data":[{"symbol":"B","checksum":1,"checksum":2}]}',
    ],
    [
      'an unknown key',
      '{"channel":"book","type":"update","data":[{"symbol":"B","checksum":1,"sequence":3}]}',
    ],
    [
      'a checksum over 32 bits',
      '{"channel":"book","type":"update","data":[{"symbol":"B","checksum":4294967296}]}',
    ],
    ['a fractional checksum', '{"channel":"book","type":"update","data":[{"symbol":"B","checksum":1.0}]}'],
    ['a missing checksum', '{"channel":"book","type":"update","data":[{"symbol":"B"}]}'],
    ['a null side', '{"channel":"book","type":"update","data":[{"symbol":"B","bids":null,"checksum":1}]}'],
    ['an unknown type', '{"channel":"book","type":"delta","data":[]}'],
    ['trailing text', '{"channel":"book","type":"update","data":[]}x'],
    ['a truncated frame', '{"channel":"book","type":"update","data":[{"symbol":"B","checksum":1}'],
    ['another channel', '{"channel":"ticker","type":"update","data":[]}'],
    ['a response', '{"method":"pong","req_id":1}'],
  ])('leaves %s to the general parser, which gives the answer', (_, text) => {
    expect(scanBookFrame(text)).toBeUndefined();
    expect(comparable(parseFrame(text))).toEqual(comparable(parseFrameGeneral(text)));
  });

  it('never throws on mutated frames, and answers exactly as the general parser does', () => {
    const seen = { scanned: 0, invalid: 0 };
    fc.assert(
      fc.property(
        bookFrame(anySymbol),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (frame, edits) => {
          const text = mutate(frame, edits);
          let scanned: ReturnType<typeof scanBookFrame>;
          expect(() => {
            scanned = scanBookFrame(text);
          }).not.toThrow();
          const general = parseFrameGeneral(text);
          if (scanned !== undefined) expect({ kind: 'channel', message: scanned }).toEqual(general);
          expect(comparable(parseFrame(text))).toEqual(comparable(general));
          if (scanned !== undefined) seen.scanned += 1;
          if (general.kind === 'invalid') seen.invalid += 1;
        },
      ),
      { numRuns: 5_000 },
    );
    // Both sides of the property were exercised: mutants the scanner still read, and mutants that are errors.
    expect(seen.scanned).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(100);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(comparable(parseFrame(text))).toEqual(comparable(parseFrameGeneral(text)));
      }),
      { numRuns: 2_000 },
    );
  });
});
