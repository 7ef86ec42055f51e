/**
 * The public surface of @krakenkit/guard.
 *
 * Every entry the package.json exports, and every name each entry exports (values as the imported module holds
 * them, types as TypeScript sees them), written out so that a change to the public API (a name added, removed or
 * moved to another entry) is a visible diff of this file in review.
 */
import * as root from '@krakenkit/guard';
import * as audit from '@krakenkit/guard/audit';
import * as shared from '@krakenkit/guard/shared';
import * as ws from '@krakenkit/guard/ws';
import { type EntrySurface, publicSurface } from '@krakenkit/test-support/public-surface';
import { describe, expect, it } from 'vitest';

const MODULES = {
  '@krakenkit/guard': root,
  '@krakenkit/guard/ws': ws,
  '@krakenkit/guard/shared': shared,
  '@krakenkit/guard/audit': audit,
};

describe('the public surface of @krakenkit/guard', () => {
  it('is exactly the entries and names listed here', () => {
    expect(publicSurface(new URL('..', import.meta.url), MODULES)).toEqual(EXPECTED);
  });
});

const EXPECTED: Record<string, EntrySurface> = {
  '@krakenkit/guard': {
    values: [
      'DEFAULT_CONFIGURABLE_CODES',
      'GUARD_CODES',
      'GuardRejectedError',
      'KRAKEN_CODES',
      'TRADING_STATES',
      'createGuard',
      'guardClient',
      'isTradingState',
      'loadGuardConfig',
      'oppositeSide',
    ],
    types: [
      'Adjustments',
      'AllowanceTableInput',
      'AmendIntent',
      'AssetPairRaw',
      'AssetPairsRaw',
      'CancelIntent',
      'CheckOptions',
      'ConfigurableCodes',
      'CurrencyAllowanceInput',
      'Decision',
      'ExchangeSnapshot',
      'Guard',
      'GuardClientOptions',
      'GuardConfig',
      'GuardEvent',
      'GuardIntent',
      'GuardOptions',
      'GuardSeed',
      'GuardSnapshot',
      'GuardableClient',
      'GuardedClient',
      'GuardedTrading',
      'LoadOptions',
      'OpenOrderRaw',
      'OpenPositionRaw',
      'OrderIntent',
      'OrderType',
      'OrderView',
      'PairOverride',
      'PairSnapshot',
      'PairStatus',
      'PairTouch',
      'PastWithdrawal',
      'PnlSnapshot',
      'PoolSnapshot',
      'PositionView',
      'ReconcileOptions',
      'ReconcileReport',
      'Reservation',
      'ReservingGuard',
      'RuleName',
      'ScopePnlSnapshot',
      'SeedReport',
      'Side',
      'TierInput',
      'TierTableInput',
      'TradingState',
      'Violation',
      'WithdrawIntent',
      'WithdrawingKey',
    ],
  },
  '@krakenkit/guard/ws': {
    values: ['guardEventsOf', 'guardWsClient', 'wsAmendIntentOf', 'wsOrderIntentOf'],
    types: ['GuardableWsClient', 'GuardedWsTrading'],
  },
  '@krakenkit/guard/shared': {
    values: ['GuardJournalBusyError', 'PlanChangedError', 'createSharedGuard'],
    types: ['CallAlong', 'OrderOutcome', 'SharedGuard', 'SharedGuardOptions'],
  },
  '@krakenkit/guard/audit': {
    values: ['createJsonlAuditWriter'],
    types: ['AuditEvent', 'AuditListener', 'JsonlAuditWriter'],
  },
};
