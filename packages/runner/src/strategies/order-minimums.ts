import { Decimal } from '@krakenkit/core';
import { lotDecimalsOf, toLot } from './rounding.js';
import type { PairInfo, PairProblem } from './types.js';

/**
 * A fixed base `volume` the pair would not take as written: more decimals than its lot_decimals (every order
 * would be sent cut down, a size the user never wrote) or below its ordermin (every order would be refused). The
 * file is refused instead, at the param, before anything runs.
 */
export function volumeProblems(volume: string, pairs: readonly PairInfo[]): PairProblem[] {
  return pairs.flatMap((pair) => [
    ...volumeBeyondLotDecimals(volume, pair),
    ...volumeBelowMinimum(volume, pair),
  ]);
}

function volumeBeyondLotDecimals(volume: string, pair: PairInfo): PairProblem[] {
  const decimals = lotDecimalsOf(pair);
  const written = new Decimal(volume);
  if (written.decimalPlaces() <= decimals) return [];
  const [base] = currencies(pair);
  return [
    {
      param: 'volume',
      message: `volume ${volume} ${base} has ${written.decimalPlaces()} decimals, more than ${pair.wsname} takes (lot_decimals ${decimals}): every order would be cut to ${toLot(pair, written).toFixed()} ${base}; give at most ${decimals} decimals`,
    },
  ];
}

function volumeBelowMinimum(volume: string, pair: PairInfo): PairProblem[] {
  const sent = toLot(pair, new Decimal(volume));
  if (pair.orderMin === undefined || sent.gte(pair.orderMin)) return [];
  const [base] = currencies(pair);
  const cut = sent.eq(volume) ? '' : ` (${sent.toFixed()} after the cut to ${pair.wsname}'s lot decimals)`;
  return [
    {
      param: 'volume',
      message: `volume ${volume} ${base}${cut} is below ${pair.wsname}'s order minimum ${pair.orderMin.toFixed()} ${base}: every order would be refused (EOrder:Order minimum not met)`,
    },
  ];
}

/** A fixed quote `amount` per order below a pair's costmin: refused like a volume below ordermin. */
export function amountBelowMinimum(amount: string, pairs: readonly PairInfo[]): PairProblem[] {
  return pairs.flatMap((pair) => {
    if (pair.costMin === undefined || new Decimal(amount).gte(pair.costMin)) return [];
    const [, quote] = currencies(pair);
    return [
      {
        param: 'amount',
        message: `amount ${amount} ${quote} is below ${pair.wsname}'s cost minimum ${pair.costMin.toFixed()} ${quote}: every order would be refused (EOrder:Cost minimum not met)`,
      },
    ];
  });
}

// The currencies as the file names the pair (`XBT/USD`), not as AssetPairs codes them (`XXBT`, `ZUSD`).
function currencies(pair: PairInfo): [string, string] {
  const [base, quote] = pair.wsname.split('/');
  return base !== undefined && quote !== undefined ? [base, quote] : [pair.base, pair.quote];
}
