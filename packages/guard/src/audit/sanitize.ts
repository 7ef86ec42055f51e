import type { GuardIntent } from '../intent.js';

/**
 * The intent as it goes into the audit trail: a withdrawal's API key by name and permissions only. TypeScript lets
 * a caller pass a whole key config (secret included) where a `{ name, permissions }` is expected; it stops here.
 */
export function sanitizeIntent(intent: GuardIntent): GuardIntent {
  if (typeof intent !== 'object' || intent === null || intent.kind !== 'withdraw') return intent;
  const apiKey: unknown = intent.apiKey;
  if (typeof apiKey !== 'object' || apiKey === null) return intent;
  const { name, permissions } = apiKey as { name: string; permissions: unknown };
  return { ...intent, apiKey: { name, permissions: Array.isArray(permissions) ? [...permissions] : [] } };
}
