/** This package's version (kept equal to package.json by a test). */
export const VERSION = '0.0.0';

/** Sent on every request: Kraken asks every request to carry a User-Agent. */
export const DEFAULT_USER_AGENT = `krakenkit/${VERSION} (+node)`;
