import { invalidArgument } from '../../core/rejection.js';
import { type AssetPairsInfo, assetPairView, assetView } from '../../market/views.js';
import { rfc3339 } from '../../orders/cancellation.js';
import { type PublicEndpoint, publicEndpoint } from '../types.js';

const INFO: readonly AssetPairsInfo[] = ['info', 'leverage', 'fees', 'margin'];

/** Time, SystemStatus, Assets, AssetPairs. */
export const referenceDataEndpoints: readonly PublicEndpoint[] = [
  publicEndpoint('Time', ({ now }) => ({
    unixtime: Math.floor(now / 1000),
    rfc1123: new Date(now).toUTCString().replace('GMT', '+0000'),
  })),

  publicEndpoint('SystemStatus', ({ ctx, now }) => ({ status: ctx.system.status, timestamp: rfc3339(now) })),

  publicEndpoint('Assets', ({ ctx, params }) => {
    const names = params.list('asset');
    const assets = names.length === 0 ? ctx.catalog.assets : names.map((name) => ctx.catalog.asset(name));
    return Object.fromEntries(assets.map((asset) => [asset.id, assetView(asset)]));
  }),

  publicEndpoint('AssetPairs', ({ ctx, params }) => {
    const info = (params.optText('info') ?? 'info') as AssetPairsInfo;
    if (!INFO.includes(info)) throw invalidArgument('info');
    const names = params.list('pair');
    const pairs = names.length === 0 ? ctx.catalog.pairs : names.map((name) => ctx.catalog.pair(name));
    return Object.fromEntries(pairs.map((pair) => [pair.id, assetPairView(pair, ctx.fees, info)]));
  }),
];
