/**
 * `@krakenkit/core/signing`: HMAC-SHA512 with its key's padded blocks prepared once, for Kraken's API-Sign (the
 * client signs with it, the mock exchange verifies with it).
 */
export { type DigestEncoding, HmacSha512Key } from './hmac-sha512.js';
