const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

// What a field's text was, as its characters went by: digits only, digits with one point between digits, or other.
const DIGITS = 1;
const DECIMAL = 2;
const OTHER = 3;
// The states between: nothing read yet, digits then a point (a digit must follow).
const EMPTY = 0;
const POINT = 4;

/**
 * Where the fields of one CSV row lie in the file's text, found without splitting it (a year of minutes is half a
 * million rows, each read twice): `starts[i]`/`ends[i]` bound field i. `scan` reads every character, for the check:
 * what each field looks like (see digits, plainDecimal) and whether any holds an `e` or `E` (`exponent`); `split`
 * finds the commas alone, for a row already checked. One scanner is reused row after row.
 */
export class CsvRowScanner {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly #shapes: Uint8Array;
  /** Fields found by the last scan (more than the capacity are counted, not kept). */
  count = 0;
  exponent = false;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.#shapes = new Uint8Array(capacity);
  }

  /** Scans `text` from `start` to `end` (excluded); true when it holds exactly as many fields as the capacity. */
  scan(text: string, start: number, end: number): boolean {
    const capacity = this.starts.length;
    let count = 0;
    let exponent = false;
    let fieldStart = start;
    let shape = EMPTY;
    for (let i = start; i < end; i += 1) {
      const code = text.charCodeAt(i);
      if (code === COMMA) {
        this.#keep(count, fieldStart, i, shape);
        count += 1;
        fieldStart = i + 1;
        shape = EMPTY;
      } else if (code >= ZERO && code <= NINE) {
        if (shape === EMPTY) shape = DIGITS;
        else if (shape === POINT) shape = DECIMAL;
      } else if (code === DOT && shape === DIGITS) shape = POINT;
      else {
        shape = OTHER;
        if (code === LOWER_E || code === UPPER_E) exponent = true;
      }
    }
    this.#keep(count, fieldStart, end, shape);
    this.count = count + 1;
    this.exponent = exponent;
    return this.count === capacity;
  }

  /**
   * Finds the fields of a row already checked, by the commas alone (no look at each character: `exponent` and the
   * shapes are left as they were); true when it holds exactly as many fields as the capacity.
   */
  split(text: string, start: number, end: number): boolean {
    const capacity = this.starts.length;
    let count = 0;
    let fieldStart = start;
    for (
      let comma = text.indexOf(',', start);
      comma !== -1 && comma < end;
      comma = text.indexOf(',', comma + 1)
    ) {
      if (count < capacity) {
        this.starts[count] = fieldStart;
        this.ends[count] = comma;
      }
      count += 1;
      fieldStart = comma + 1;
    }
    if (count < capacity) {
      this.starts[count] = fieldStart;
      this.ends[count] = end;
    }
    this.count = count + 1;
    return this.count === capacity;
  }

  /** The text of field `index`. */
  field(text: string, index: number): string {
    return text.slice(this.starts[index], this.ends[index]);
  }

  /** Whether field `index` is 1 to `maxDigits` decimal digits and nothing else. */
  digits(index: number, maxDigits: number): boolean {
    return (
      this.#shapes[index] === DIGITS &&
      (this.ends[index] as number) - (this.starts[index] as number) <= maxDigits
    );
  }

  /** Whether field `index` is plain decimal text: digits, optionally a point and more digits (no exponent). */
  plainDecimal(index: number): boolean {
    const shape = this.#shapes[index];
    return shape === DIGITS || shape === DECIMAL;
  }

  #keep(index: number, start: number, end: number, shape: number): void {
    if (index >= this.starts.length) return;
    this.starts[index] = start;
    this.ends[index] = end;
    this.#shapes[index] = shape === POINT ? OTHER : shape;
  }
}
