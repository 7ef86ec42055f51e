// What the soak runs: the exchange's account, faults and allowances, and one bot file per process.
import { randomBytes } from 'node:crypto';

/** The guard's allowances the margin bots press against (pool currency → amount), in every process. */
export const GUARD_LIMITS = { USD: '20000', BTC: '0.3' };

/** Grid levels each side: a grid bot never has more than twice this many orders open. */
export const GRID_LEVELS = 3;

// About 10 % of calls by default, in the proportions of the single-process chaos soak (test/support/soak-chaos.ts).
const FAULT_MIX = [
  { kind: 'lost-response', share: 0.25 },
  { kind: 'connection-reset', share: 0.2 },
  { kind: 'http-5xx', share: 0.15, status: 502 },
  { kind: 'service-busy', share: 0.15 },
  { kind: 'service-unavailable', share: 0.1 },
  { kind: 'latency', share: 0.15, latencyMs: 20 },
];

/** A fresh API key for this run: a new account namespace in the store, so runs never see each other's state. */
export function newCredentials() {
  return {
    apiKey: `soak-${randomBytes(12).toString('hex')}`,
    apiSecret: randomBytes(64).toString('base64'),
  };
}

/** The mock exchange's options (JSON for `krakenkit-mock --options`): one account, one key, faults, allowances. */
export function mockOptions({ credentials, seed, faultRate, mockAllowance, nonceWindow }) {
  const scale = mockAllowance === 'record' ? 10 : 1;
  return {
    seed: `soak-shared-${seed}`,
    accounts: [
      {
        id: 'soak',
        tier: 'intermediate',
        apiKey: credentials.apiKey,
        apiSecret: credentials.apiSecret,
        nonceWindow,
        balances: { ZUSD: '500000', XXBT: '10', XETH: '100' },
      },
    ],
    // Only the pools the bots use; every other currency then has allowance 0 (the mock fails closed).
    allowances: {
      currencies: {
        USD: { allowance: times(GUARD_LIMITS.USD, scale), fiat: true, aliases: ['ZUSD'] },
        BTC: { allowance: times(GUARD_LIMITS.BTC, scale), aliases: ['XBT', 'XXBT'] },
      },
    },
    faults: FAULT_MIX.filter(() => faultRate > 0).map(({ share, ...rule }) => ({
      ...rule,
      endpoints: '*',
      probability: share * faultRate,
    })),
    admin: { limits: GUARD_LIMITS },
  };
}

/**
 * The bots of process `index` (1-based): a margin trend follower that pyramids entries (each borrows from the
 * USD or BTC pool) and a grid. Names are distinct per process (one process per bot name is enforced). Volumes are
 * distinct per bot too, so the exchange's orders tell which bot placed them whatever the client order ids say.
 */
export function botsOf(index) {
  return [
    { name: `margin-p${index}`, strategy: 'margin-trend', volume: fingerprint('0.05', index) },
    { name: `grid-p${index}`, strategy: 'grid', volume: fingerprint('0.01', index) },
  ];
}

/**
 * The bot file of process `index`, trading on the loopback exchange at `restUrl` with the key from the env, its
 * state in `store` (in the file, not on the command line, where other users could read a Redis password).
 */
export function botConfig({ index, restUrl, nonceWindow, store }) {
  const [margin, grid] = botsOf(index);
  return `# krakenkit soak:shared, process ${index} (generated)
exchange: { kind: kraken, restUrl: "${restUrl}" }
account:
  tier: intermediate
keys:
  shared:
    apiKey: { env: KRAKENKIT_SOAK_KEY }
    secret: { env: KRAKENKIT_SOAK_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    nonceWindow: ${nonceWindow}
guard:
  rules:
    allowances:
      USD: { allowance: "${GUARD_LIMITS.USD}" }
      BTC: { allowance: "${GUARD_LIMITS.BTC}" }
run:
  pollInterval: 1s
  onShutdown: cancel
  status: plain
${store === undefined ? '' : `  store: ${JSON.stringify(store)}\n`}bots:
  - name: ${margin.name}
    key: shared
    strategy: margin-trend
    pairs: [XBT/USD]
    params:
      volume: "${margin.volume}"
      leverage: 5
      fast: 2
      slow: 3
      thresholdBps: 0
      maxEntries: 10
      entryEvery: 1s
      cooldown: 2s
  - name: ${grid.name}
    key: shared
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: ${GRID_LEVELS}, spacingBps: ${8 + index}, volume: "${grid.volume}" }
`;
}

// 0.05 → 0.0501 for process 1: the bot's mark on every order it places (processes ≤ 16 fit in two digits).
function fingerprint(base, index) {
  return `${base}${String(index).padStart(2, '0')}`;
}

function times(text, factor) {
  const [whole, fraction = ''] = text.split('.');
  if (factor === 1) return text;
  // Exact for the small factors used here: scale the decimal text, never a float.
  const scaled = BigInt(whole + fraction) * BigInt(factor);
  const padded = scaled.toString().padStart(fraction.length + 1, '0');
  return fraction.length === 0
    ? padded
    : `${padded.slice(0, -fraction.length)}.${padded.slice(-fraction.length)}`;
}
