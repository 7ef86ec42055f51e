/**
 * Signing throughput: krakenkit's signRequest (decoded key cached per secret), a signer made once with
 * createSigner, and the documented recipe written out inline with node:crypto, decoding the secret every time.
 * Prints ops/s and µs per signature; asserts nothing.
 *
 * Run: npx tsx --conditions=@krakenkit/source packages/client/bench/signing.bench.ts
 */
import { createHash, createHmac } from 'node:crypto';
import { createSigner, signRequest } from '../src/signing.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const PATH = '/0/private/AddOrder';
const BODY =
  'ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25&cl_ord_id=6d1b2c9e-4f0a-4b8e-9d3c-2a1f0e9b8c7d';
const ITERATIONS = 200_000;

function measure(
  name: string,
  sign: (nonce: string, body: string) => string,
): { name: string; opsPerSec: number } {
  let sink = 0;
  for (let i = 0; i < 20_000; i += 1) sink += sign(String(i), BODY).length; // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) {
    const nonce = String(1_700_000_000_000_000 + i);
    sink += sign(nonce, `nonce=${nonce}&${BODY}`).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 0) console.log('unreachable');
  return { name, opsPerSec: ITERATIONS / seconds };
}

function inlineRecipe(nonce: string, body: string): string {
  const inner = createHash('sha256')
    .update(nonce + body)
    .digest();
  return createHmac('sha512', Buffer.from(SECRET, 'base64'))
    .update(Buffer.concat([Buffer.from(PATH), inner]))
    .digest('base64');
}

const signer = createSigner(SECRET);
const rows = [
  measure('signRequest (cached key)', (nonce, body) => signRequest(SECRET, PATH, nonce, body)),
  measure('createSigner(secret)(…)', (nonce, body) => signer(PATH, nonce, body)),
  measure('inline recipe, decode every time', inlineRecipe),
];
console.log(`signing, ${ITERATIONS} signatures each (node ${process.version})`);
console.table(
  rows.map((row) => ({
    variant: row.name,
    'ops/s': Math.round(row.opsPerSec).toLocaleString('en-US'),
    'µs/op': (1e6 / row.opsPerSec).toFixed(2),
  })),
);
// Machine lines for the combined `pnpm bench` table (scripts/run-bench.mjs).
for (const row of rows) {
  const line = { bench: 'client/signing', metric: row.name, value: Math.round(row.opsPerSec), unit: 'ops/s' };
  console.log(`BENCH ${JSON.stringify(line)}`);
}
