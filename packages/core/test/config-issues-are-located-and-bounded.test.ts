import { issuesFromZod, MAX_ISSUES, parseYamlSource, undotted } from '@krakenkit/core/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const schema = z.strictObject({
  tier: z.enum(['starter', 'pro']),
  nested: z.strictObject({ n: z.number() }),
});

function issuesOf(text: string) {
  const source = parseYamlSource(text, 'x.yaml');
  expect(source.issues).toEqual([]);
  const parsed = schema.safeParse(source.value, { reportInput: true });
  if (parsed.success) return [];
  return issuesFromZod(parsed.error.issues, 'x.yaml', source.locate);
}

describe('config issues are located and bounded', () => {
  it('places each issue at file:line:column, unknown keys at the key, in reading order', () => {
    expect(issuesOf('nested:\n  n: "1"\n  typo: 2\ntier: gold\n')).toEqual([
      { path: 'nested.n', file: 'x.yaml', line: 2, column: 6, message: expect.stringMatching(/number/) },
      { path: 'nested.typo', file: 'x.yaml', line: 3, column: 3, message: 'unknown key "typo"' },
      { path: 'tier', file: 'x.yaml', line: 4, column: 7, message: expect.stringMatching(/starter/) },
    ]);
  });

  it('locates the first MAX_ISSUES issues of a huge document and counts the rest', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `k${i}: 1`).join('\n');
    const issues = issuesOf(`tier: pro\nnested: { n: 1 }\n${keys}\n`);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues.at(-1)?.message).toBe(`${5_000 - MAX_ISSUES} more issues not shown`);
  });

  it('turns an alias bomb into one issue at its first alias, and duplicate keys into issues', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i += 1)
      lines.push(
        `b${i}: &b${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*b${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = parseYamlSource(`${lines.join('\n')}\n`, 'bomb.yaml');
    expect(bomb.value).toBeUndefined();
    expect(bomb.issues).toEqual([
      expect.objectContaining({ file: 'bomb.yaml', line: 2, message: expect.stringMatching(/alias/) }),
    ]);
    expect(parseYamlSource('a: 1\na: 2\n', 'dup.yaml').issues).toEqual([
      { path: '', file: 'dup.yaml', line: 2, column: 1, message: 'YAML: Map keys must be unique' },
    ]);
  });

  it('reads a dotted path back into its parts', () => {
    expect(undotted('bots[0].params.levels[12]')).toEqual(['bots', 0, 'params', 'levels', 12]);
  });
});
