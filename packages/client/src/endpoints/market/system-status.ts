import { WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';

/** SystemStatus takes no parameters. */
export type SystemStatusParams = Record<string, never>;

/** Exchange status: `online`, `maintenance`, `cancel_only` or `post_only`. */
export interface SystemStatusResult {
  status: 'online' | 'maintenance' | 'cancel_only' | 'post_only';
  /** RFC 3339 timestamp. */
  timestamp: string;
}

/** `GET /0/public/SystemStatus`: whether the exchange accepts orders right now. */
export const SystemStatus = defineEndpoint<SystemStatusParams, SystemStatusResult>({
  name: 'SystemStatus',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    return new WireBuilder('SystemStatus', params, []).done();
  },
});
