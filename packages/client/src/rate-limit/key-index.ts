/**
 * String keys → whole numbers ≥ 0 in an open-addressing table (linear probing, backward-shift deletion), with each
 * key's hash kept beside it. The order registry looks up every order's txid and cl_ord_id in one: a probe reads a
 * few adjacent typed-array slots, where a Map of ten thousand strings walks bucket chains across the heap, and an
 * insert that finds the key absent needs no second probe. Callers may pass a key's hash (see `hashKey`) once and
 * reuse it for later calls on the same key.
 */

/** A 32-bit FNV-1a hash of the key's UTF-16 units, mixed so the low bits (the table's index) spread well. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** What `get` and the setters answer for a key that is not in the index. */
export const ABSENT = -1;

const INITIAL_SIZE = 16;

export class KeyIndex {
  /** The value of each slot; ABSENT marks an empty slot. */
  private values = new Float64Array(INITIAL_SIZE).fill(ABSENT);
  private hashes = new Int32Array(INITIAL_SIZE);
  private keys: Array<string | undefined> = new Array<string | undefined>(INITIAL_SIZE).fill(undefined);
  private mask = INITIAL_SIZE - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The key's value, or ABSENT. */
  get(key: string, hash = hashKey(key)): number {
    const { values, hashes, keys, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const value = values[slot]!;
      if (value === ABSENT) return ABSENT;
      if (hashes[slot] === hash && keys[slot] === key) return value;
    }
  }

  /** Maps the key to `value` unless it is already in the index; returns its value before (ABSENT: inserted). */
  setIfAbsent(key: string, value: number, hash = hashKey(key)): number {
    return this.put(key, value, hash, false);
  }

  /** Maps the key to `value`; returns its value before (ABSENT when it was not in the index). */
  set(key: string, value: number, hash = hashKey(key)): number {
    return this.put(key, value, hash, true);
  }

  /** Removes the key; true when it was in the index. */
  delete(key: string, hash = hashKey(key)): boolean {
    return this.remove(key, hash, undefined);
  }

  /** Removes the key only while it maps to `value`; true when it was removed. */
  deleteIfValue(key: string, value: number, hash = hashKey(key)): boolean {
    return this.remove(key, hash, value);
  }

  /** Replaces every value by `renumber(value)` (keys and slots stay). */
  renumber(renumber: (value: number) => number): void {
    const { values } = this;
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] !== ABSENT) values[slot] = renumber(values[slot]!);
    }
  }

  clear(): void {
    this.values = new Float64Array(INITIAL_SIZE).fill(ABSENT);
    this.hashes = new Int32Array(INITIAL_SIZE);
    this.keys = new Array<string | undefined>(INITIAL_SIZE).fill(undefined);
    this.mask = INITIAL_SIZE - 1;
    this.count = 0;
  }

  private remove(key: string, hash: number, value: number | undefined): boolean {
    const { values, hashes, keys, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = values[slot]!;
      if (found === ABSENT) return false;
      if (hashes[slot] === hash && keys[slot] === key) {
        if (value !== undefined && found !== value) return false;
        this.vacate(slot);
        return true;
      }
    }
  }

  private put(key: string, value: number, hash: number, replace: boolean): number {
    // At most half full, so a probe ends at an empty slot within a few steps.
    if (2 * (this.count + 1) > this.values.length) this.grow();
    const { values, hashes, keys, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = values[slot]!;
      if (found === ABSENT) {
        values[slot] = value;
        hashes[slot] = hash;
        keys[slot] = key;
        this.count += 1;
        return ABSENT;
      }
      if (hashes[slot] === hash && keys[slot] === key) {
        if (replace) values[slot] = value;
        return found;
      }
    }
  }

  /**
   * Empties a slot and moves back the entries after it that probed past it (backward-shift deletion): every key
   * stays reachable from its home slot without tombstones.
   */
  private vacate(slot: number): void {
    const { values, hashes, keys, mask } = this;
    let hole = slot;
    for (let next = (hole + 1) & mask; values[next] !== ABSENT; next = (next + 1) & mask) {
      const home = hashes[next]! & mask;
      // The entry stays when its home lies cyclically in (hole, next]: moving it before its home would lose it.
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      values[hole] = values[next]!;
      hashes[hole] = hashes[next]!;
      keys[hole] = keys[next];
      hole = next;
    }
    values[hole] = ABSENT;
    keys[hole] = undefined;
    this.count -= 1;
  }

  private grow(): void {
    const { values, hashes, keys } = this;
    const size = values.length * 2;
    this.values = new Float64Array(size).fill(ABSENT);
    this.hashes = new Int32Array(size);
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.mask = size - 1;
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === ABSENT) continue;
      let target = hashes[slot]! & this.mask;
      while (this.values[target] !== ABSENT) target = (target + 1) & this.mask;
      this.values[target] = values[slot]!;
      this.hashes[target] = hashes[slot]!;
      this.keys[target] = keys[slot];
    }
  }
}
