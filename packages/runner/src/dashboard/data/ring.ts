/** The last `capacity` items pushed, oldest first: bounded memory however long the dashboard runs. */
export class Ring<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#capacity) this.#items.shift();
  }

  last(): T | undefined {
    return this.#items.at(-1);
  }

  toArray(): T[] {
    return [...this.#items];
  }
}
