import { Rng } from './random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Kraken-shaped identifiers (`OUF4EM-FRGI2-MQMWZD`: 6-5-6 upper-case characters), drawn from a seeded stream so
 * a replayed scenario yields the same ids. The first letter says what the id names (O order, T trade, L ledger,
 * A amend, F funding reference; positions keep the id of the trade that opened them, as on Kraken).
 */
export class IdFactory {
  readonly #rng: Rng;
  #counter = 0;

  constructor(seed: string) {
    this.#rng = Rng.derive(seed, 'ids');
  }

  /** A new id: 16 characters of a 32-letter alphabet (80 bits), so collisions are not a practical concern. */
  next(prefix: string): string {
    return `${prefix}${this.#chars(5)}-${this.#chars(5)}-${this.#chars(6)}`;
  }

  /** A monotonically increasing integer (public trade ids, WS sequence numbers). */
  nextSequence(): number {
    this.#counter += 1;
    return this.#counter;
  }

  /** A token-like opaque string (WebSocket tokens, amend ids). */
  opaque(length: number): string {
    return this.#chars(length);
  }

  #chars(n: number): string {
    let out = '';
    for (let i = 0; i < n; i += 1) out += ALPHABET[this.#rng.nextUint32() % ALPHABET.length];
    return out;
  }
}
