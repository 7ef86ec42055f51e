/**
 * Violation codes. Where Kraken has a string for the same refusal, the guard uses Kraken's exact string (so a
 * strategy handles a guard rejection and an exchange rejection alike); otherwise a stable `EGuard:...` code.
 */
export const KRAKEN_CODES = {
  marginAllowanceExceeded: 'EOrder:Margin allowance exceeded',
  marginPositionSizeExceeded: 'EOrder:Margin position size exceeded',
  cannotOpenOpposingPosition: 'EOrder:Cannot open opposing position',
  cannotOpenPosition: 'EOrder:Cannot open position',
  reduceOnlyNoPosition: 'EOrder:Reduce only:No position exists',
  invalidLeverage: 'EGeneral:Invalid arguments:leverage',
  invalidVolume: 'EGeneral:Invalid arguments:volume',
  invalidPrice: 'EGeneral:Invalid arguments:price',
  cancelOnly: 'EService:Market in cancel_only mode',
  postOnly: 'EService:Market in post_only mode',
  orderMinimum: 'EOrder:Order minimum not met',
  costMinimum: 'EOrder:Cost minimum not met',
  tickSize: 'EOrder:Tick size check failed',
  ordersLimit: 'EOrder:Orders limit exceeded',
  rateLimit: 'EOrder:Rate limit exceeded',
  unknownPair: 'EQuery:Unknown asset pair',
} as const;

/**
 * Kraken strings docs/kraken/errors.md marks UNCONFIRMED: each is configuration (`codes:` in the guard YAML),
 * these are the documented defaults.
 */
export interface ConfigurableCodes {
  /** Reduce-only market, order would open or grow a position. UNCONFIRMED (seen in third-party code only). */
  reduceOnlyCannotIncrease: string;
  /** Reduce-only market, no position on the pair. Kraken's documented string; configurable with the one above. */
  reduceOnlyNoPosition: string;
  /** limit_only market, market order. UNCONFIRMED (Kraken's generic invalid-ordertype string). */
  limitOnlyMarketOrder: string;
}

/** The default strings of the {@link ConfigurableCodes}. */
export const DEFAULT_CONFIGURABLE_CODES: ConfigurableCodes = {
  reduceOnlyCannotIncrease: 'EOrder:Reduce only:Cannot increase position',
  reduceOnlyNoPosition: KRAKEN_CODES.reduceOnlyNoPosition,
  limitOnlyMarketOrder: 'EGeneral:Invalid arguments:ordertype',
};

/** The guard's own codes, for refusals Kraken has no string for (sanity limits, kill switch, fail-closed cases). */
export const GUARD_CODES = {
  invalidIntent: 'EGuard:Invalid intent',
  tradingHalted: 'EGuard:Trading halted',
  reducingOnly: 'EGuard:Reducing only',
  unknownTradingState: 'EGuard:Unknown trading state',
  unknownState: 'EGuard:Unknown account state',
  /**
   * The guard was never told the account's open orders and positions (no seed or reconcile with both), so it
   * cannot know what they already use: it refuses orders and withdrawals until it is seeded (cancels pass).
   */
  notSeeded: 'EGuard:Guard not seeded',
  missingReferencePrice: 'EGuard:Missing reference price',
  priceBand: 'EGuard:Price outside band',
  orderNotional: 'EGuard:Order notional exceeded',
  /** The equity-relative notional cap is on, and the account's equity cannot be valued (no balances, or none above 0). */
  equityUnknown: 'EGuard:Account equity unknown',
  /** A bot (or the account) lost more than its limit over the UTC day: only reducing orders pass until 00:00 UTC. */
  dailyLoss: 'EGuard:Daily loss limit exceeded',
  /** A bot's PnL (or the account's equity) fell more than its limit below its peak: only reducing orders pass. */
  drawdown: 'EGuard:Max drawdown exceeded',
  pairNotional: 'EGuard:Pair notional exceeded',
  withdrawalDailyLimit: 'EGuard:Withdrawal daily limit exceeded',
  withdrawalInfoLimit: 'EGuard:Withdrawal above WithdrawInfo limit',
  withdrawalKeyNotAllowed: 'EGuard:Withdrawal key not allowlisted',
  withdrawalViaTradingKey: 'EGuard:Withdrawal through trading key',
  withdrawalUnknownApiKey: 'EGuard:Withdrawal API key undeclared',
  insufficientBalance: 'EGuard:Insufficient balance',
  /**
   * A margin order that does not open a position carries a conditional close: the close the exchange places on its
   * fills would re-open (or grow) a position, borrowing what the guard cannot reserve before the fact.
   */
  conditionalClose: 'EGuard:Conditional close not checkable',
  unknownOrder: 'EGuard:Unknown order',
  /**
   * The order already has an amend or edit sent and not yet answered: which of the two the exchange applies last is
   * unknown, so the guard cannot tell what the order will hold; a second change waits for the first's answer.
   */
  amendPending: 'EGuard:Amend pending',
} as const;
