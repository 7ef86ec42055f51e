import type { EndpointDescriptor } from '../endpoints/define.js';
import { PermissionError } from '../errors/index.js';
import type { ApiKeyConfig } from '../keys/api-key.js';
import { allowsAny, normalizePermissions } from '../keys/normalize.js';
import type { Permission } from '../keys/permissions.js';

/**
 * The key's declared permissions as Kraken's labels (flags and UI spellings accepted).
 * @throws ValidationError for a name that is not a Kraken permission (a typo must not change what a key may do).
 */
export function grantedPermissions(declared: ApiKeyConfig['permissions']): ReadonlySet<Permission> {
  return new Set(normalizePermissions(declared, 'key.permissions'));
}

/**
 * Refuses, before anything is sent, a private call none of whose permissions the key declares (any one of the
 * endpoint's permissions suffices: CancelOrder accepts two).
 */
export function assertPermitted(
  descriptor: Pick<EndpointDescriptor<unknown, unknown>, 'name' | 'permissions'>,
  keyName: string,
  granted: ReadonlySet<Permission>,
): void {
  if (!allowsAny(granted, descriptor.permissions)) {
    throw new PermissionError(descriptor.name, keyName, descriptor.permissions);
  }
}

/**
 * `assertPermitted` for one key, remembering the descriptors it has allowed (a key's permissions do not change
 * while a client lives, and the check sits on every call's path).
 */
export function permissionGate(
  keyName: string,
  granted: ReadonlySet<Permission>,
): (descriptor: Pick<EndpointDescriptor<unknown, unknown>, 'name' | 'permissions'>) => void {
  const allowed = new WeakSet<object>();
  return (descriptor) => {
    if (allowed.has(descriptor)) return;
    assertPermitted(descriptor, keyName, granted);
    allowed.add(descriptor);
  };
}
