/**
 * Kraken's error strings as the mock returns them. Confirmed strings are constants (docs/kraken/errors.md); strings
 * Kraken does not document are in {@link ErrorStrings} and can be replaced per exchange.
 */
export const E = {
  invalidKey: 'EAPI:Invalid key',
  invalidSignature: 'EAPI:Invalid signature',
  invalidNonce: 'EAPI:Invalid nonce',
  restRateLimit: 'EAPI:Rate limit exceeded',
  permissionDenied: 'EGeneral:Permission denied',
  invalidArguments: 'EGeneral:Invalid arguments',
  unknownMethod: 'EGeneral:Unknown method',
  internalError: 'EGeneral:Internal error',
  unknownPair: 'EQuery:Unknown asset pair',
  unknownAsset: 'EQuery:Unknown asset',
  serviceUnavailable: 'EService:Unavailable',
  serviceBusy: 'EService:Busy',
  cancelOnly: 'EService:Market in cancel_only mode',
  postOnly: 'EService:Market in post_only mode',
  deadlineElapsed: 'EService:Deadline elapsed',
  tradingRateLimit: 'EOrder:Rate limit exceeded',
  ordersLimit: 'EOrder:Orders limit exceeded',
  unknownOrder: 'EOrder:Unknown order',
  invalidOrder: 'EOrder:Invalid order',
  insufficientFunds: 'EOrder:Insufficient funds',
  orderMinimum: 'EOrder:Order minimum not met',
  costMinimum: 'EOrder:Cost minimum not met',
  tickSize: 'EOrder:Tick size check failed',
  cannotOpenPosition: 'EOrder:Cannot open position',
  cannotOpenOpposing: 'EOrder:Cannot open opposing position',
  marginAllowance: 'EOrder:Margin allowance exceeded',
  marginLevelTooLow: 'EOrder:Margin level too low',
  marginPositionSize: 'EOrder:Margin position size exceeded',
  insufficientMargin: 'EOrder:Insufficient margin',
  reduceOnlyPositionClosed: 'EOrder:Reduce only:Position is closed',
  unknownWithdrawKey: 'EFunding:Unknown withdraw key',
  maxFeeExceeded: 'EFunding:Max fee exceeded',
  invalidFundingAmount: 'EFunding:Invalid amount',
  unknownFundingReference: 'EFunding:Unknown reference id',
  unknownFundingAsset: 'EFunding:Unknown asset',
} as const;

/**
 * Error strings Kraken does not document (UNCONFIRMED, see docs/kraken/errors.md): configuration, with these defaults.
 */
export interface ErrorStrings {
  /** A key used from an IP outside its allowlist. UNCONFIRMED; Kraken may answer `EAPI:Invalid key` instead. */
  ipNotAllowed: string;
  /** A `cl_ord_id` already used by an open order. UNCONFIRMED. */
  duplicateClOrdId: string;
  /** Reduce-only market or `reduce_only` order and no position on the pair (docs table, but also configurable). */
  reduceOnlyNoPosition: string;
  /** Reduce-only market, an order that would not only reduce the position. UNCONFIRMED (seen in the wild). */
  reduceOnlyCannotIncrease: string;
  /** A market order on a `limit_only` pair. UNCONFIRMED. */
  limitOnlyMarketOrder: string;
  /** A withdrawal above the tier's rolling 24-hour USD limit. UNCONFIRMED. */
  withdrawalLimit: string;
  /** A withdrawal larger than the available balance. UNCONFIRMED. */
  withdrawalInsufficientFunds: string;
  /** `address` given to Withdraw that is not the withdrawal key's address. UNCONFIRMED. */
  withdrawalAddressMismatch: string;
  /** An amend with `post_only` whose new limit price would take liquidity. UNCONFIRMED. */
  amendPostOnlyWouldTake: string;
}

/** Kraken's error strings as the exchange sends them by default. */
export const DEFAULT_ERROR_STRINGS: Readonly<ErrorStrings> = {
  ipNotAllowed: 'EGeneral:Permission denied',
  duplicateClOrdId: 'EOrder:Duplicate cl_ord_id',
  reduceOnlyNoPosition: 'EOrder:Reduce only:No position exists',
  reduceOnlyCannotIncrease: 'EOrder:Reduce only:Cannot increase position',
  limitOnlyMarketOrder: 'EGeneral:Invalid arguments:ordertype',
  withdrawalLimit: 'EFunding:Limit exceeded',
  withdrawalInsufficientFunds: 'EFunding:Insufficient funds',
  withdrawalAddressMismatch: 'EFunding:Invalid withdrawal address',
  amendPostOnlyWouldTake: 'EOrder:Post only order',
};

/**
 * Thrown inside the exchange core to answer a request with a Kraken error envelope. `code` is the exact
 * string that goes into the envelope's `error` array.
 */
export class KrakenRejection extends Error {
  override name = 'KrakenRejection';
  readonly code: string;

  constructor(code: string, detail?: string) {
    super(detail === undefined ? code : `${code} (${detail})`);
    this.code = code;
  }
}

/** `EGeneral:Invalid arguments:<field>` */
export function invalidArgument(field: string, detail?: string): KrakenRejection {
  return new KrakenRejection(`${E.invalidArguments}:${field}`, detail);
}

export function isKrakenRejection(error: unknown): error is KrakenRejection {
  return error instanceof KrakenRejection;
}
