/**
 * Per-key nonce acceptance. Kraken: nonces are unsigned 64-bit integers that must increase per key; the key's
 * optional "nonce window" tolerates nonces up to `window` below the highest one seen (requests arriving out of
 * order). A nonce is never accepted twice.
 */
export class NonceTracker {
  readonly #window: bigint;
  #highest = -1n;
  /** Nonces accepted inside the window below `#highest` (only kept when a window is set). */
  readonly #recent = new Set<bigint>();

  constructor(window = 0) {
    this.#window = BigInt(Math.max(0, Math.trunc(window)));
  }

  /** Accepts and records `nonce` when valid; returns false (recording nothing) otherwise. */
  accept(nonce: bigint): boolean {
    if (nonce > this.#highest) {
      this.#highest = nonce;
      if (this.#window > 0n) this.#remember(nonce);
      return true;
    }
    if (this.#window === 0n) return false;
    if (nonce <= this.#highest - this.#window || this.#recent.has(nonce)) return false;
    this.#remember(nonce);
    return true;
  }

  get highest(): bigint {
    return this.#highest;
  }

  #remember(nonce: bigint): void {
    this.#recent.add(nonce);
    if (this.#recent.size > 4096) {
      const floor = this.#highest - this.#window;
      for (const seen of this.#recent) if (seen <= floor) this.#recent.delete(seen);
    }
  }
}

const UINT64_MAX = (1n << 64n) - 1n;

/** Parses the wire nonce (decimal digits, number or string); undefined when it is not an unsigned 64-bit integer. */
export function parseNonce(text: string): bigint | undefined {
  const { length } = text;
  if (length === 0 || length > 20) return undefined;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = BigInt(text);
  // 19 digits stay below 2^64 (about 1.8e19): only a 20-digit nonce can pass it.
  return length < 20 || value <= UINT64_MAX ? value : undefined;
}
