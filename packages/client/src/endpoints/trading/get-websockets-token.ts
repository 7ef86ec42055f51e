import { WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** GetWebSocketsToken takes no parameters. */
export type GetWebSocketsTokenParams = Record<string, never>;

/** GetWebSocketsToken `result`: a token for the private WebSocket v2 channels. */
export interface GetWebSocketsTokenResult {
  token: string;
  /** Seconds the token stays valid if unused (typically 900). */
  expires: number;
}

/**
 * `POST /0/private/GetWebSocketsToken`: a token for the authenticated WebSocket. Repeating the call only mints
 * another token, so it is safe to retry.
 */
export const GetWebSocketsToken = defineEndpoint<GetWebSocketsTokenParams, GetWebSocketsTokenResult>({
  name: 'GetWebSocketsToken',
  access: 'private',
  permissions: [PERMISSIONS.websocket],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    return new WireBuilder('GetWebSocketsToken', params, []).done();
  },
});
