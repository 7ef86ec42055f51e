import { KrakenkitError } from '@krakenkit/client';

/**
 * A dashboard request that cannot be served as asked: a body too large or too deep, bad JSON, an unknown bot, a
 * control this exchange does not offer. `status` is the HTTP status the API answers with; `code` is stable.
 */
export class DashboardRequestError extends KrakenkitError {
  override name = 'DashboardRequestError';

  constructor(
    readonly status: 400 | 403 | 404 | 405 | 409 | 413 | 415 | 421,
    code: DashboardErrorCode,
    message: string,
  ) {
    super(message, { code, category: 'validation' });
  }
}

/** The dashboard API's error codes (the `code` of its JSON error answers). */
export const DASHBOARD_CODES = {
  badJson: 'KRAKENKIT_DASHBOARD_BAD_JSON',
  bodyTooLarge: 'KRAKENKIT_DASHBOARD_BODY_TOO_LARGE',
  tooDeep: 'KRAKENKIT_DASHBOARD_JSON_TOO_DEEP',
  notJson: 'KRAKENKIT_DASHBOARD_NOT_JSON',
  badField: 'KRAKENKIT_DASHBOARD_BAD_FIELD',
  notFound: 'KRAKENKIT_DASHBOARD_NOT_FOUND',
  methodNotAllowed: 'KRAKENKIT_DASHBOARD_METHOD_NOT_ALLOWED',
  crossOrigin: 'KRAKENKIT_DASHBOARD_CROSS_ORIGIN',
  wrongHost: 'KRAKENKIT_DASHBOARD_WRONG_HOST',
  unavailable: 'KRAKENKIT_DASHBOARD_CONTROL_UNAVAILABLE',
  apiTokenOnly: 'KRAKENKIT_DASHBOARD_API_TOKEN_ONLY',
} as const;

/** One of {@link DASHBOARD_CODES}. */
export type DashboardErrorCode = (typeof DASHBOARD_CODES)[keyof typeof DASHBOARD_CODES];
