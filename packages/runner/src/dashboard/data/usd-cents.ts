import { Decimal } from '@krakenkit/core';

/** USD decimal text to the cent (the guard's valuation carries every digit of its divisions). */
export function cents(usd: string): string {
  return new Decimal(usd).toDecimalPlaces(2).toFixed();
}
