import { accountInfoEndpoints } from './private/account-info.js';
import { fundingEndpoints } from './private/funding.js';
import { orderQueryEndpoints } from './private/order-queries.js';
import { tradingEndpoints } from './private/trading.js';
import { marketDataEndpoints } from './public/market-data.js';
import { referenceDataEndpoints } from './public/reference-data.js';
import type { Endpoint, PrivateEndpoint, PublicEndpoint } from './types.js';

/** Every endpoint the mock serves, by access and Kraken method name. */
export const PUBLIC_ENDPOINTS: ReadonlyMap<string, PublicEndpoint> = new Map(
  [...referenceDataEndpoints, ...marketDataEndpoints].map((e) => [e.name, e]),
);

export const PRIVATE_ENDPOINTS: ReadonlyMap<string, PrivateEndpoint> = new Map(
  [...accountInfoEndpoints, ...orderQueryEndpoints, ...tradingEndpoints, ...fundingEndpoints].map((e) => [
    e.name,
    e,
  ]),
);

/** Every endpoint by its exact path (`/0/private/Balance`): a request without a query string is routed in one look-up. */
export const ENDPOINTS_BY_PATH: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ...[...PUBLIC_ENDPOINTS.values()].map((e): [string, Endpoint] => [`/0/public/${e.name}`, e]),
  ...[...PRIVATE_ENDPOINTS.values()].map((e): [string, Endpoint] => [e.uriPath, e]),
]);
