import type { TrackedOrder } from './order-registry.js';

/**
 * The order registry's ring of slots: order number `n` in slot `n & mask`, in parallel arrays allocated once per
 * size (strings in arrays, numbers in typed arrays), so that adding an order allocates nothing. A slot whose txid
 * is undefined is empty (the order was closed or forgotten).
 */
export class OrderSlots {
  readonly mask: number;
  private readonly ids: Array<string | undefined>;
  private readonly clOrdIds: Array<string | undefined>;
  private readonly pairs: Array<string | undefined>;
  private readonly createdAt: Float64Array;
  private readonly touchedAt: Float64Array;
  /** The keys' hashes, kept so that forgetting an order hashes nothing. */
  private readonly idHashes: Int32Array;
  private readonly clOrdIdHashes: Int32Array;
  private renumbered: Float64Array | undefined;

  constructor(readonly room: number) {
    this.mask = room - 1;
    this.ids = new Array<string | undefined>(room).fill(undefined);
    this.clOrdIds = new Array<string | undefined>(room).fill(undefined);
    this.pairs = new Array<string | undefined>(room).fill(undefined);
    this.createdAt = new Float64Array(room);
    this.touchedAt = new Float64Array(room);
    this.idHashes = new Int32Array(room);
    this.clOrdIdHashes = new Int32Array(room);
  }

  fill(
    number: number,
    id: string,
    clOrdId: string | undefined,
    pair: string,
    now: number,
    idHash: number,
    clOrdIdHash: number,
  ): void {
    const slot = number & this.mask;
    this.ids[slot] = id;
    this.clOrdIds[slot] = clOrdId;
    this.pairs[slot] = pair;
    this.createdAt[slot] = now;
    this.touchedAt[slot] = now;
    this.idHashes[slot] = idHash;
    this.clOrdIdHashes[slot] = clOrdIdHash;
  }

  isTracked(number: number): boolean {
    return this.ids[number & this.mask] !== undefined;
  }

  idOf(number: number): string | undefined {
    return this.ids[number & this.mask];
  }

  clOrdIdOf(number: number): string | undefined {
    return this.clOrdIds[number & this.mask];
  }

  idHashOf(number: number): number {
    return this.idHashes[number & this.mask]!;
  }

  clOrdIdHashOf(number: number): number {
    return this.clOrdIdHashes[number & this.mask]!;
  }

  touch(number: number, now: number): void {
    const slot = number & this.mask;
    this.touchedAt[slot] = Math.max(this.touchedAt[slot]!, now);
  }

  order(number: number): TrackedOrder {
    const slot = number & this.mask;
    return {
      id: this.ids[slot]!,
      clOrdId: this.clOrdIds[slot],
      pair: this.pairs[slot]!,
      createdAt: this.createdAt[slot]!,
      touchedAt: this.touchedAt[slot]!,
    };
  }

  empty(number: number): void {
    const slot = number & this.mask;
    this.ids[slot] = undefined;
    this.clOrdIds[slot] = undefined;
    this.pairs[slot] = undefined;
  }

  /** Moves order `from` into the empty slot of number `to`. */
  move(from: number, to: number): void {
    const source = from & this.mask;
    this.fill(
      to,
      this.ids[source]!,
      this.clOrdIds[source],
      this.pairs[source]!,
      this.createdAt[source]!,
      this.idHashes[source]!,
      this.clOrdIdHashes[source]!,
    );
    this.touchedAt[to & this.mask] = this.touchedAt[source]!;
    this.empty(from);
  }

  /** A ring twice as large holding the orders from `head` to `tail` under the same numbers. */
  grown(head: number, tail: number): OrderSlots {
    const grown = new OrderSlots(2 * this.room);
    for (let number = head; number < tail; number++) {
      const slot = number & this.mask;
      const id = this.ids[slot];
      if (id === undefined) continue;
      grown.fill(
        number,
        id,
        this.clOrdIds[slot],
        this.pairs[slot]!,
        this.createdAt[slot]!,
        this.idHashes[slot]!,
        this.clOrdIdHashes[slot]!,
      );
      grown.touchedAt[number & grown.mask] = this.touchedAt[slot]!;
    }
    return grown;
  }

  /** A scratch array of one number per slot (kept: compactions reuse it). */
  scratch(): Float64Array {
    this.renumbered ??= new Float64Array(this.room);
    return this.renumbered;
  }
}
