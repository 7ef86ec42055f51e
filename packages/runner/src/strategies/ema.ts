import { Decimal } from '@krakenkit/core';

/** An exponential moving average over `period` observations (alpha = 2 / (period + 1)), in Decimal. */
export class Ema {
  readonly #alpha: Decimal;
  #value: Decimal | undefined;
  #count = 0;

  constructor(readonly period: number) {
    this.#alpha = new Decimal(2).div(period + 1);
  }

  push(value: Decimal): Decimal {
    this.#value =
      this.#value === undefined ? value : value.minus(this.#value).times(this.#alpha).plus(this.#value);
    this.#count += 1;
    return this.#value;
  }

  get value(): Decimal | undefined {
    return this.#value;
  }

  /** True once it has seen `period` observations. */
  get ready(): boolean {
    return this.#count >= this.period;
  }
}
