import { appendDigits, appendFragment, digitCount } from './checksum-crc.js';
import { checksumDigits, compareFixedDecimals } from './decimal-text.js';

/**
 * One side of an order book: price levels kept in best-first order in an AVL tree, so a level is found, inserted or
 * removed in O(log n) and the best k are read in O(log n + k). Keys are canonical fixed-precision price text compared
 * exactly (see compareFixedDecimals); each node caches its checksum fragment as a CRC-32 register (checksum-crc.ts),
 * so the checksum needs no text at all.
 */
export interface LadderLevel {
  /** Price text at the instrument's price precision, trailing zeros kept. */
  readonly price: string;
  /** Quantity text at the instrument's quantity precision. */
  qty: string;
}

interface Node extends LadderLevel {
  /** CRC-32 register of the price's checksum digits started from 0, and their count (a price never changes). */
  readonly priceCrc: number;
  readonly priceDigits: number;
  /** The same for the level's whole checksum fragment: price digits then quantity digits. */
  fragmentCrc: number;
  fragmentLength: number;
  left: Node | null;
  right: Node | null;
  height: number;
}

export type LadderOrder = 'ascending' | 'descending';

export class PriceLadder {
  #root: Node | null = null;
  #size = 0;
  /** +1: lowest price first (asks); -1: highest first (bids). */
  readonly #direction: 1 | -1;
  /** Reused by in-order walks so reading the top levels allocates nothing. */
  readonly #stack: Node[] = [];
  /**
   * The checksum fragment of the best `#checksumLimit` levels as one (register from 0, length): recomputed only
   * after a change, so a message that touches one side leaves the other side's part as it was. -1: stale.
   */
  #checksumLimit = -1;
  #checksumCrc = 0;
  #checksumLength = 0;

  constructor(order: LadderOrder) {
    this.#direction = order === 'ascending' ? 1 : -1;
  }

  get size(): number {
    return this.#size;
  }

  /** Negative when `a` ranks better (closer to the top of the book) than `b`. */
  rank(a: string, b: string): number {
    return this.#direction * compareFixedDecimals(a, b);
  }

  find(price: string): LadderLevel | undefined {
    return this.#find(price);
  }

  #find(price: string): Node | undefined {
    let node = this.#root;
    while (node !== null) {
      const c = this.rank(price, node.price);
      if (c === 0) return node;
      node = c < 0 ? node.left : node.right;
    }
    return undefined;
  }

  /** Sets the quantity at `price`, inserting the level if it is new. */
  set(price: string, qty: string): void {
    this.#checksumLimit = -1;
    const existing = this.#find(price);
    if (existing !== undefined) {
      existing.qty = qty;
      existing.fragmentCrc = appendDigits(existing.priceCrc, qty);
      existing.fragmentLength = existing.priceDigits + digitCount(qty);
      return;
    }
    const priceCrc = appendDigits(0, price);
    const priceDigits = digitCount(price);
    const node: Node = {
      price,
      qty,
      priceCrc,
      priceDigits,
      fragmentCrc: appendDigits(priceCrc, qty),
      fragmentLength: priceDigits + digitCount(qty),
      left: null,
      right: null,
      height: 1,
    };
    this.#root = this.#insert(this.#root, node);
    this.#size += 1;
  }

  /** Removes the level at `price`; returns whether there was one. */
  remove(price: string): boolean {
    const before = this.#size;
    this.#root = this.#remove(this.#root, price);
    if (this.#size === before) return false;
    this.#checksumLimit = -1;
    return true;
  }

  /** Drops the worst levels until at most `depth` remain (truncation to the subscribed depth). */
  truncate(depth: number): void {
    while (this.#size > depth && this.#root !== null) {
      this.#root = this.#removeWorst(this.#root);
      this.#size -= 1;
      this.#checksumLimit = -1;
    }
  }

  clear(): void {
    this.#root = null;
    this.#size = 0;
    this.#checksumLimit = -1;
  }

  /** Feeds the checksum fragments of the best `limit` levels, best first, into a CRC-32 register. */
  checksumRegister(limit: number, register: number): number {
    if (this.#checksumLimit !== limit) this.#foldChecksum(limit);
    return appendFragment(register, this.#checksumCrc, this.#checksumLength);
  }

  #foldChecksum(limit: number): void {
    // An explicit in-order walk, no callback, no text.
    const stack = this.#stack;
    let r = 0;
    let length = 0;
    let node = this.#root;
    let seen = 0;
    while (seen < limit && (node !== null || stack.length > 0)) {
      while (node !== null) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop() as Node;
      r = appendFragment(r, top.fragmentCrc, top.fragmentLength);
      length += top.fragmentLength;
      seen += 1;
      node = top.right;
    }
    stack.length = 0;
    this.#checksumCrc = r;
    this.#checksumLength = length;
    this.#checksumLimit = limit;
  }

  /** The checksum text of the best `limit` levels, concatenated (what `checksumRegister` feeds). */
  fragments(limit: number): string {
    let text = '';
    this.#walk(limit, (node) => {
      text += checksumDigits(node.price) + checksumDigits(node.qty);
    });
    return text;
  }

  /** The best `limit` levels, best first, as fresh `{ price, qty }` objects. */
  levels(limit: number): Array<{ price: string; qty: string }> {
    const out: Array<{ price: string; qty: string }> = [];
    this.#walk(limit, (node) => {
      out.push({ price: node.price, qty: node.qty });
    });
    return out;
  }

  /** The best level, or undefined when the side is empty. */
  best(): LadderLevel | undefined {
    let node = this.#root;
    if (node === null) return undefined;
    while (node.left !== null) node = node.left;
    return node;
  }

  #walk(limit: number, visit: (node: Node) => void): void {
    const stack = this.#stack;
    stack.length = 0;
    let node = this.#root;
    let seen = 0;
    while (seen < limit && (node !== null || stack.length > 0)) {
      while (node !== null) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop() as Node;
      visit(top);
      seen += 1;
      node = top.right;
    }
    stack.length = 0;
  }

  #insert(root: Node | null, node: Node): Node {
    if (root === null) return node;
    if (this.rank(node.price, root.price) < 0) root.left = this.#insert(root.left, node);
    else root.right = this.#insert(root.right, node);
    return rebalance(root);
  }

  #remove(root: Node | null, price: string): Node | null {
    if (root === null) return null;
    const c = this.rank(price, root.price);
    if (c < 0) root.left = this.#remove(root.left, price);
    else if (c > 0) root.right = this.#remove(root.right, price);
    else {
      this.#size -= 1;
      if (root.left === null) return root.right;
      if (root.right === null) return root.left;
      let successor = root.right;
      while (successor.left !== null) successor = successor.left;
      successor.right = removeFirst(root.right);
      successor.left = root.left;
      return rebalance(successor);
    }
    return rebalance(root);
  }

  #removeWorst(root: Node): Node | null {
    if (root.right === null) return root.left;
    root.right = this.#removeWorst(root.right);
    return rebalance(root);
  }
}

function removeFirst(root: Node): Node | null {
  if (root.left === null) return root.right;
  root.left = removeFirst(root.left);
  return rebalance(root);
}

function heightOf(node: Node | null): number {
  return node === null ? 0 : node.height;
}

function updateHeight(node: Node): void {
  const l = heightOf(node.left);
  const r = heightOf(node.right);
  node.height = Math.max(l, r) + 1;
}

function rotateRight(node: Node): Node {
  const pivot = node.left as Node;
  node.left = pivot.right;
  pivot.right = node;
  updateHeight(node);
  updateHeight(pivot);
  return pivot;
}

function rotateLeft(node: Node): Node {
  const pivot = node.right as Node;
  node.right = pivot.left;
  pivot.left = node;
  updateHeight(node);
  updateHeight(pivot);
  return pivot;
}

function rebalance(node: Node): Node {
  updateHeight(node);
  const balance = heightOf(node.left) - heightOf(node.right);
  if (balance > 1) {
    const left = node.left as Node;
    if (heightOf(left.left) < heightOf(left.right)) node.left = rotateLeft(left);
    return rotateRight(node);
  }
  if (balance < -1) {
    const right = node.right as Node;
    if (heightOf(right.right) < heightOf(right.left)) node.right = rotateRight(right);
    return rotateLeft(node);
  }
  return node;
}
