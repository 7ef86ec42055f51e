import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors/index.js';
import {
  allowsAny,
  lookupPermission,
  normalizePermission,
  normalizePermissions,
  permissionFlag,
} from '../src/keys/normalize.js';
import { ALL_PERMISSIONS, PERMISSIONS, type PermissionFlag } from '../src/keys/permissions.js';

describe('permission normalisation', () => {
  it('maps every flag and every Kraken label to the Kraken label', () => {
    for (const [flag, label] of Object.entries(PERMISSIONS)) {
      expect(normalizePermission(flag)).toBe(label);
      expect(normalizePermission(label)).toBe(label);
      expect(permissionFlag(label)).toBe(flag as PermissionFlag);
    }
  });

  it('accepts UI labels and spelling variants', () => {
    expect(normalizePermission('Create & Modify Orders')).toBe(PERMISSIONS.trades_modify);
    expect(normalizePermission('Cancel/Close Orders')).toBe(PERMISSIONS.trades_close);
    expect(normalizePermission('Query Funds')).toBe(PERMISSIONS.funds_query);
    expect(normalizePermission('Withdraw Funds')).toBe(PERMISSIONS.funds_withdraw);
    expect(normalizePermission('  orders AND trades – query open orders and trades ')).toBe(
      PERMISSIONS.trades_query_open,
    );
    expect(normalizePermission('TRADES_MODIFY')).toBe(PERMISSIONS.trades_modify);
    expect(normalizePermission('Access WebSocket API')).toBe(PERMISSIONS.websocket);
  });

  it('refuses unknown names with a ValidationError naming the position', () => {
    expect(lookupPermission('trade_modify')).toBeUndefined();
    try {
      normalizePermissions(['trades_modify', 'trade_modify']);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('permissions[1]');
      expect((error as ValidationError).code).toBe('KRAKENKIT_UNKNOWN_PERMISSION');
    }
    expect(() => normalizePermission(7)).toThrow(ValidationError);
  });

  it('deduplicates and orders a list the way Kraken lists permissions', () => {
    expect(normalizePermissions(['trades_close', 'Query Funds', 'funds_query', 'trades_modify'])).toEqual([
      PERMISSIONS.funds_query,
      PERMISSIONS.trades_modify,
      PERMISSIONS.trades_close,
    ]);
    expect(normalizePermissions(Object.keys(PERMISSIONS))).toEqual(ALL_PERMISSIONS);
  });

  it('allows a call when any one required permission is held', () => {
    expect(allowsAny([PERMISSIONS.trades_close], [PERMISSIONS.trades_modify, PERMISSIONS.trades_close])).toBe(
      true,
    );
    expect(allowsAny([PERMISSIONS.funds_query], [PERMISSIONS.trades_modify])).toBe(false);
    expect(allowsAny([], [])).toBe(true);
  });
});
