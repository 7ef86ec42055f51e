import type { WithdrawalRecord } from '../../accounts/records.js';
import { E, KrakenRejection } from '../../core/rejection.js';
import {
  cancelWithdrawal,
  checkWithdrawAmount,
  withdraw,
  withdrawalKey,
  withdrawLimit,
} from '../../funding/withdrawals.js';
import type { Asset } from '../../market/pairs.js';
import { type PrivateEndpoint, privateEndpoint } from '../types.js';

const WITHDRAW = ['funds_withdraw'] as const;

/** DepositMethods, WithdrawMethods, WithdrawAddresses, WithdrawInfo, Withdraw, WithdrawStatus, WithdrawCancel. */
export const fundingEndpoints: readonly PrivateEndpoint[] = [
  privateEndpoint('DepositMethods', ['funds_add'], 'rest', ({ ctx, params }) => {
    const asset = fundingAsset(ctx.catalog.findAsset(params.text('asset')));
    return [
      {
        method: asset.method,
        limit: false,
        fee: '0.0000000000',
        'gen-address': true,
        minimum: asset.withdrawMinimum.toString(),
      },
    ];
  }),

  privateEndpoint('WithdrawMethods', WITHDRAW, 'rest', ({ ctx, params }) => {
    const name = params.optText('asset');
    const assets = name === undefined ? ctx.catalog.assets : [fundingAsset(ctx.catalog.findAsset(name))];
    return assets.map((a) => ({
      asset: a.id,
      method: a.method,
      network: a.method,
      minimum: a.withdrawMinimum.toString(),
    }));
  }),

  privateEndpoint('WithdrawAddresses', WITHDRAW, 'rest', ({ ctx, account, params }) => {
    const asset = params.optText('asset');
    const keyName = params.optText('key');
    const out: unknown[] = [];
    for (const [name, key] of account.withdrawalKeys) {
      const id = ctx.catalog.findAsset(key.asset)?.id ?? key.asset;
      if (asset !== undefined && ctx.catalog.findAsset(asset)?.id !== id) continue;
      if (keyName !== undefined && keyName !== name) continue;
      const method = key.method ?? ctx.catalog.findAsset(id)?.method ?? id;
      out.push({ address: key.address, asset: id, method, key: name, verified: true });
    }
    return out;
  }),

  privateEndpoint('WithdrawInfo', WITHDRAW, 'rest', ({ ctx, account, params, now }) => {
    const { asset } = withdrawalKey(ctx, account, params.text('asset'), params.text('key'));
    const amount = params.decimal('amount');
    // Quoted only for an amount Withdraw would take: below the fee the net amount would be negative.
    checkWithdrawAmount(asset, amount);
    const fee = asset.withdrawFee;
    const d = asset.decimals;
    return {
      method: asset.method,
      limit: withdrawLimit(ctx, account, asset, now).toFixed(d),
      amount: amount.minus(fee).toFixed(d),
      fee: fee.toFixed(d),
    };
  }),

  privateEndpoint('Withdraw', WITHDRAW, 'rest', ({ ctx, account, params, now }) => {
    const record = withdraw(
      ctx,
      account,
      {
        asset: params.text('asset'),
        key: params.text('key'),
        amount: params.decimal('amount'),
        address: params.optText('address'),
        maxFee: params.optDecimal('max_fee'),
      },
      now,
    );
    return { refid: record.refid };
  }),

  privateEndpoint('WithdrawStatus', WITHDRAW, 'rest', ({ ctx, account, params }) => {
    const asset = params.optText('asset');
    const method = params.optText('method');
    const id = asset === undefined ? undefined : fundingAsset(ctx.catalog.findAsset(asset)).id;
    return account.withdrawals
      .filter((w) => (id === undefined || w.asset === id) && (method === undefined || w.method === method))
      .map((w) => withdrawalView(w, ctx.catalog.findAsset(w.asset)?.decimals ?? 10));
  }),

  privateEndpoint('WithdrawCancel', WITHDRAW, 'rest', ({ ctx, account, params, now }) =>
    cancelWithdrawal(ctx, account, params.text('asset'), params.text('refid'), now),
  ),
];

function fundingAsset(asset: Asset | undefined): Asset {
  if (asset === undefined) throw new KrakenRejection(E.unknownFundingAsset);
  return asset;
}

function withdrawalView(w: WithdrawalRecord, decimals: number): Record<string, unknown> {
  return {
    method: w.method,
    aclass: 'currency',
    asset: w.asset,
    refid: w.refid,
    txid: w.txid,
    info: w.address,
    amount: w.amount.minus(w.fee).toFixed(decimals),
    fee: w.fee.toFixed(decimals),
    time: Math.floor(w.time / 1000),
    status: w.status,
    key: w.key,
  };
}
