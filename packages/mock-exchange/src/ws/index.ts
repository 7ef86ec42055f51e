/** The mock exchange's Kraken WebSocket v2 server (see MockWsServer). */
export { bookChecksum, CHECKSUM_DEPTH, type TextLevel } from './checksum.js';
export { type SocketLike, WsConnection } from './connection.js';
export { type WsFaultChannel, WsFaults } from './faults.js';
export type { MockWsOptions } from './options.js';
export { attachMockWsServer, MockWsServer } from './server.js';
