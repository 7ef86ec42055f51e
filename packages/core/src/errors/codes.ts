/**
 * krakenkit's own error codes, one stable string per kind of local failure (Kraken's strings such as
 * `EOrder:Margin allowance exceeded` are kept verbatim beside them). Like undici's `UND_ERR_*`, a code never
 * changes meaning once published; match on it, not on messages.
 */
export const KRAKENKIT_CODES = {
  /** A parameter failed validation; nothing was sent. */
  INVALID_PARAM: 'KRAKENKIT_INVALID_PARAM',
  /** Money given as a JS number instead of decimal text or a Decimal. */
  MONEY_NOT_DECIMAL: 'KRAKENKIT_MONEY_NOT_DECIMAL',
  /** A parameter the endpoint does not know (Kraken ignores some misspelt fields silently). */
  UNKNOWN_PARAM: 'KRAKENKIT_UNKNOWN_PARAM',
  /** A prototype key (`__proto__`, `constructor`, `prototype`) among the params. */
  FORBIDDEN_PARAM: 'KRAKENKIT_FORBIDDEN_PARAM',
  /** Two mutually exclusive params given together. */
  CONFLICTING_PARAMS: 'KRAKENKIT_CONFLICTING_PARAMS',
  /** Configuration is invalid (each issue located where possible). */
  CONFIG: 'KRAKENKIT_CONFIG',
  /** A credential file group or others can read: refused unless explicitly allowed (as ssh refuses such keys). */
  INSECURE_SECRET_FILE: 'KRAKENKIT_INSECURE_SECRET_FILE',
  /** The key's declared permissions do not cover the call. */
  PERMISSION_DENIED: 'KRAKENKIT_PERMISSION_DENIED',
  /** A permission name that is not one of Kraken's. */
  UNKNOWN_PERMISSION: 'KRAKENKIT_UNKNOWN_PERMISSION',
  /** A private call on a client without an API key. */
  NO_KEY: 'KRAKENKIT_NO_KEY',
  /** Fail-fast mode: the call would break a rate budget. */
  RATE_LIMITED: 'KRAKENKIT_RATE_LIMITED',
  /** The pair already holds Kraken's maximum of open orders. */
  OPEN_ORDERS_LIMIT: 'KRAKENKIT_OPEN_ORDERS_LIMIT',
  /** The nonce source could not give a nonce above the floor. */
  NONCE: 'KRAKENKIT_NONCE',
  /** The transport failed (see `outcome`: not sent, or unknown). */
  TRANSPORT: 'KRAKENKIT_TRANSPORT',
  /** No answer within the timeout. */
  TIMEOUT: 'KRAKENKIT_TIMEOUT',
  /** The caller aborted the call. */
  ABORTED: 'KRAKENKIT_ABORTED',
  /** The client was closed. */
  CLOSED: 'KRAKENKIT_CLOSED',
  /** An HTTP status that carried no Kraken envelope. */
  HTTP_STATUS: 'KRAKENKIT_HTTP_STATUS',
  /** A response body that is not a Kraken envelope. */
  BAD_ENVELOPE: 'KRAKENKIT_BAD_ENVELOPE',
  /** A `result` that does not have the documented shape. */
  BAD_RESPONSE: 'KRAKENKIT_BAD_RESPONSE',
  /** A response body larger than the client's `maxResponseBytes`; it was abandoned unread. */
  RESPONSE_TOO_LARGE: 'KRAKENKIT_RESPONSE_TOO_LARGE',
  /** A message that breaks Kraken's protocol. */
  PROTOCOL: 'KRAKENKIT_PROTOCOL',
  /** The order's fate is unknown even after reconciliation. */
  ORDER_OUTCOME_UNKNOWN: 'KRAKENKIT_ORDER_OUTCOME_UNKNOWN',
  /** The answer was lost and a lookup proved the order was not placed. */
  ORDER_NOT_PLACED: 'KRAKENKIT_ORDER_NOT_PLACED',
  /** WebSocket: the connection is not open. */
  WS_DISCONNECTED: 'KRAKENKIT_WS_DISCONNECTED',
  /** WebSocket: the client was closed. */
  WS_CLOSED: 'KRAKENKIT_WS_CLOSED',
  /** WebSocket: no answer within the timeout. */
  WS_TIMEOUT: 'KRAKENKIT_WS_TIMEOUT',
  /** WebSocket: the caller aborted the request. */
  WS_ABORTED: 'KRAKENKIT_WS_ABORTED',
  /** WebSocket: a private call without a token. */
  WS_NO_TOKEN: 'KRAKENKIT_WS_NO_TOKEN',
  /** WebSocket: a frame that breaks the v2 protocol. */
  WS_PROTOCOL: 'KRAKENKIT_WS_PROTOCOL',
  /** WebSocket: a slow consumer overflowed its buffer. */
  WS_BUFFER_OVERFLOW: 'KRAKENKIT_WS_BUFFER_OVERFLOW',
  /** WebSocket: the book is resynchronising or was given up. */
  WS_BOOK_UNAVAILABLE: 'KRAKENKIT_WS_BOOK_UNAVAILABLE',
  /** The state store cannot be reached (Redis down, a directory gone); retry once it is back. */
  STORE_UNAVAILABLE: 'KRAKENKIT_STORE_UNAVAILABLE',
  /** The state store was closed. */
  STORE_CLOSED: 'KRAKENKIT_STORE_CLOSED',
  /** The state store holds data krakenkit did not write or cannot read (a torn or foreign file). */
  STORE_CORRUPT: 'KRAKENKIT_STORE_CORRUPT',
  /** A lease (a bot name, a live session) is held by another live process. */
  LEASE_HELD: 'KRAKENKIT_LEASE_HELD',
} as const;

/** One of krakenkit's own error codes (a literal type, so `switch (error.code)` is checked). */
export type KrakenkitCode = (typeof KRAKENKIT_CODES)[keyof typeof KRAKENKIT_CODES];

/** The codes a {@link ValidationError} can carry. */
export type ValidationCode =
  | typeof KRAKENKIT_CODES.INVALID_PARAM
  | typeof KRAKENKIT_CODES.MONEY_NOT_DECIMAL
  | typeof KRAKENKIT_CODES.UNKNOWN_PARAM
  | typeof KRAKENKIT_CODES.FORBIDDEN_PARAM
  | typeof KRAKENKIT_CODES.CONFLICTING_PARAMS
  | typeof KRAKENKIT_CODES.UNKNOWN_PERMISSION;
