/**
 * A config error names the field, what was expected and the value given (`account.tier: expected one of
 * "starter"|"pro", got "gold"`): zod's wording says only what it expected. A value shaped like a credential is
 * described, never shown: errors end up in terminals, CI logs and bug reports.
 */
import { issuesFromZod, parseYamlSource } from '@krakenkit/core/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const schema = z.strictObject({
  tier: z.enum(['starter', 'pro']).optional(),
  count: z.number().optional(),
  label: z.string().optional(),
});

function messages(text: string): string[] {
  const source = parseYamlSource(text, 'x.yaml');
  const parsed = schema.safeParse(source.value, { reportInput: true });
  if (parsed.success) return [];
  return issuesFromZod(parsed.error.issues, 'x.yaml', source.locate).map((i) => `${i.path}: ${i.message}`);
}

describe('a config value of the wrong kind', () => {
  it('is named after what was expected', () => {
    expect(messages('tier: gold\n')).toEqual(['tier: expected one of "starter"|"pro", got "gold"']);
    expect(messages('count: "3"\n')).toEqual(['count: expected number, got "3"']);
    expect(messages('label: 12\n')).toEqual(['label: expected string, got 12']);
    expect(messages('label: [a, b]\n')).toEqual(['label: expected string, got a list']);
  });

  it('is described, not shown, when it looks like a secret', () => {
    const secret = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
    const [message] = messages(`tier: "${secret}"\n`);
    expect(message).toContain('looks like a secret; it is not shown');
    expect(message).not.toContain(secret.slice(0, 12));
  });
});
