import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYamlSource } from '@krakenkit/core/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

const OPENAPI = fileURLToPath(new URL('../../../docs/dashboard-openapi.yaml', import.meta.url));

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
});

afterAll(async () => {
  await world?.close();
});

function documentedRoutes(): string[] {
  const source = parseYamlSource(readFileSync(OPENAPI, 'utf8'), OPENAPI);
  expect(source.issues).toEqual([]);
  const document = source.value as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toMatch(/^3\.1\./);
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('docs/dashboard-openapi.yaml', () => {
  it('lists every route the server answers, and no route it does not', () => {
    const served = world.dashboard.routes.map(({ method, path }) => `${method} ${path}`).sort();
    expect(documentedRoutes().sort()).toEqual(served);
  });

  it('names each path parameter of a route the way the server reads it', () => {
    const source = parseYamlSource(readFileSync(OPENAPI, 'utf8'), OPENAPI);
    const document = source.value as {
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name?: string; $ref?: string; in?: string }> }>
      >;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    for (const [path, item] of Object.entries(document.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(item)) {
        const named = (operation.parameters ?? [])
          .map((parameter) =>
            parameter.$ref === undefined
              ? parameter
              : document.components.parameters[parameter.$ref.split('/').at(-1) as string],
          )
          .filter((parameter) => parameter?.in === 'path')
          .map((parameter) => parameter?.name);
        expect(named.sort(), path).toEqual(inPath.sort());
      }
    }
  });
});
