/**
 * Kraken's book checksum (CRC-32, IEEE, as zlib computes it) assembled from per-level parts, so a message that
 * changes one level costs one level's digits plus a few table lookups per level, instead of building and encoding
 * the whole 10 + 10 level text for every message.
 *
 * CRC-32 is linear: the register after `a` then `b` equals the register after `b` started from 0, XOR the register
 * after as many zero bytes as `b` has, started from the register after `a`. So each level keeps the register of its
 * own digits (started from 0) and their count; the checksum folds them in order (`appendFragment`). The zero-byte
 * step for a given count is a linear map of the 32-bit register, applied as four byte-indexed tables.
 */

const POLYNOMIAL = 0xedb88320;
const BYTE_TABLE = byteTable();
/** Direct zero-shift tables are kept up to this many bytes (4 KiB each); longer shifts are composed from them. */
const DIRECT_SHIFTS = 64;
const shiftTables: Int32Array[] = [];

/** The register a CRC-32 starts from; `crcValue` turns a register into the checksum. */
export const CRC_START = -1;

/** The unsigned CRC-32 a register stands for. */
export function crcValue(register: number): number {
  return ~register >>> 0;
}

/**
 * Feeds the checksum digits of a decimal text (the text without its '.', leading zeros dropped: `0.00100000` →
 * `100000`) into `register`.
 */
export function appendDigits(register: number, text: string): number {
  let r = register;
  let i = firstKeptDigit(text);
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x2e) r = (BYTE_TABLE[(r ^ c) & 0xff] as number) ^ (r >>> 8);
  }
  return r;
}

/** How many checksum digits `appendDigits` feeds for `text`. */
export function digitCount(text: string): number {
  const first = firstKeptDigit(text);
  const dot = text.indexOf('.', first);
  return text.length - first - (dot < 0 ? 0 : 1);
}

/** Index of the first digit the checksum keeps: leading zeros (and a '.' among them) are dropped. */
function firstKeptDigit(text: string): number {
  let i = 0;
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x30 && c !== 0x2e) break;
  }
  return i;
}

/**
 * The register after a fragment of `length` bytes whose own register (started from 0) is `fragment`, appended to
 * text whose register is `register`.
 */
export function appendFragment(register: number, fragment: number, length: number): number {
  let r = register;
  let left = length;
  while (left > DIRECT_SHIFTS) {
    r = shift(r, shiftTables[DIRECT_SHIFTS] ?? shiftTable(DIRECT_SHIFTS));
    left -= DIRECT_SHIFTS;
  }
  if (left > 0) r = shift(r, shiftTables[left] ?? shiftTable(left));
  return r ^ fragment;
}

function shift(register: number, table: Int32Array): number {
  return (
    (table[register & 0xff] as number) ^
    (table[256 + ((register >>> 8) & 0xff)] as number) ^
    (table[512 + ((register >>> 16) & 0xff)] as number) ^
    (table[768 + (register >>> 24)] as number)
  );
}

/** The map "feed `bytes` zero bytes", as four tables of 256 (one per register byte); built on first use. */
function shiftTable(bytes: number): Int32Array {
  const known = shiftTables[bytes];
  if (known !== undefined) return known;
  const previous = bytes === 1 ? undefined : shiftTable(bytes - 1);
  const table = new Int32Array(1024);
  for (let lane = 0; lane < 4; lane += 1) {
    for (let value = 0; value < 256; value += 1) {
      const index = lane * 256 + value;
      const r = previous === undefined ? value << (8 * lane) : (previous[index] as number);
      table[index] = (BYTE_TABLE[r & 0xff] as number) ^ (r >>> 8);
    }
  }
  shiftTables[bytes] = table;
  return table;
}

function byteTable(): Int32Array {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}
