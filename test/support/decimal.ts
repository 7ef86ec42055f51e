import { Decimal as DecimalJs } from 'decimal.js';

/** decimal.js with room for exact money arithmetic (the default 20 significant digits would round costs). */
export const Decimal: typeof DecimalJs = DecimalJs.clone({ precision: 64, toExpNeg: -64, toExpPos: 64 });
export type Decimal = DecimalJs;

export const ZERO: Decimal = new Decimal(0);
