import { WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';

/** Time takes no parameters. */
export type TimeParams = Record<string, never>;

/** Kraken's server time. */
export interface TimeResult {
  /** Unix time in seconds. */
  unixtime: number;
  /** RFC 1123 text, e.g. `Sun, 21 Mar 21 14:23:14 +0000`. */
  rfc1123: string;
}

/** `GET /0/public/Time`: the server clock (handy to check drift before using time-based nonces). */
export const Time = defineEndpoint<TimeParams, TimeResult>({
  name: 'Time',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    return new WireBuilder('Time', params, []).done();
  },
});
