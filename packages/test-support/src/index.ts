export { testSeed } from './seed.js';
export { type WaitOptions, waitFor } from './wait-for.js';
export { waitUntil } from './wait-until.js';
