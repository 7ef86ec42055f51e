import fc from 'fast-check';

/** Billion laughs: each level refers to the one before ten times; expanded it is 10^levels strings. */
export function billionLaughs(levels = 9): string {
  const lines = ['l0: &l0 "lol"'];
  for (let i = 1; i <= levels; i += 1) {
    lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Wide rather than deep: a few aliases to one big anchored list still expand to a lot of nodes. */
export function wideAliases(): string {
  const big = Array.from({ length: 2_000 }, (_, i) => `"x${i}"`).join(', ');
  return `base: &b [${big}]\n${Array.from({ length: 300 }, (_, i) => `k${i}: *b`).join('\n')}\n`;
}

const HOSTILE_DOCS = [
  billionLaughs(),
  wideAliases(),
  `tier: intermediate\nsanity:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: "${i}"`).join('\n')}\n`,
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'- '.repeat(2_000)}x`,
  'tier: intermediate\ntier: pro\n',
  '__proto__: { fuzzPolluted: 1 }\ntier: intermediate\n',
  'tier: intermediate\nconstructor: { prototype: { fuzzPolluted: 1 } }\n',
  'tier: intermediate\nallowances:\n  __proto__: { allowance: "1" }\n',
  'tier: intermediate\nsanity:\n  maxOrderNotional: { USD: 500000.10 }\n',
  'tier: intermediate\nallowances:\n  USD: { allowance: 1e400, fiat: yes }\n',
  'tier: !!js/function "function () { return 1 }"\n',
  'tier: !!binary aGVsbG8=\n',
  '<<: { tier: pro }\ntier: intermediate\n',
  'tier: *undefined_alias\n',
  'tier: &a [*a]\n',
  '%YAML 9.9\n---\ntier: pro\n',
  '--- a\n--- b\n',
  '\u0000\u0001\u0002',
  '\ufefftier: intermediate\n',
  'tier: "\\uD800"\n',
  '',
  '   ',
  '~',
  '"just a string"',
  '[1, 2, 3]',
  'allowancesFile: /etc/passwd.yaml\ntier: intermediate\n',
  'allowancesFile: ../../../../../../nonexistent.yaml\ntier: intermediate\n',
  'keysFile: /dev/zero.yaml\n',
];

/** A value in YAML flow syntax that is wrong for most fields (numbers for money, maps for strings, ...). */
const yamlValue = fc.oneof(
  fc.constantFrom(
    '1',
    '1.5',
    '-1',
    '0',
    '1e400',
    '.nan',
    '.inf',
    'null',
    '~',
    'yes',
    'on',
    '0x1F',
    '0o17',
    '"1"',
    '[]',
    '{}',
    '[a, b]',
    '{a: 1}',
    '"💸"',
    '"\\u0000"',
    '*nope',
    '&x 1',
    '!!str 1',
  ),
  fc.string({ maxLength: 20 }).map((text) => JSON.stringify(text)),
);

/** Keys of the guard's and the runner's files, plus unknown and prototype keys. */
const yamlKey = fc.constantFrom(
  'tier',
  'tradingState',
  'allowances',
  'tierLimits',
  'pairs',
  'sanity',
  'rounding',
  'withdrawal',
  'codes',
  'allowancesFile',
  'exchange',
  'account',
  'keys',
  'guard',
  'run',
  'bots',
  'keysFile',
  'rules',
  'kind',
  'seed',
  'balances',
  'name',
  'strategy',
  'params',
  '__proto__',
  'constructor',
  'prototype',
  'unknownKey',
  'Tier',
  '"tier "',
);

/** A small random YAML mapping, nested two levels, with repeated keys allowed (duplicates must be reported). */
export const randomYaml: fc.Arbitrary<string> = fc
  .array(fc.tuple(yamlKey, fc.oneof(yamlValue, fc.array(fc.tuple(yamlKey, yamlValue), { maxLength: 3 }))), {
    maxLength: 6,
  })
  .map((entries) =>
    entries
      .map(([key, value]) =>
        typeof value === 'string'
          ? `${key}: ${value}`
          : `${key}:\n${value.map(([k, v]) => `  ${k}: ${v}`).join('\n')}`,
      )
      .join('\n'),
  );

/** Hostile documents: fixed attacks, random mappings, and a valid file cut off at a random point. */
export function hostileYaml(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_DOCS) },
    { weight: 3, arbitrary: randomYaml },
    { weight: 2, arbitrary: fc.nat({ max: valid.length }).map((cut) => valid.slice(0, cut)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: valid.length }), fc.string({ maxLength: 10 }))
        .map(([at, junk]) => `${valid.slice(0, at)}${junk}${valid.slice(at)}`),
    },
  );
}
