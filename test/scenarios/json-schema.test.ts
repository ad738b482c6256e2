import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenarios/index.js';
import { fixtureObject } from './fixtures.js';

type Json = Record<string, unknown>;

function* walk(node: unknown, path = '#'): Generator<[string, Json]> {
  if (node === null || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [path, node as Json];
  for (const [key, child] of Object.entries(node)) yield* walk(child, `${path}/${key}`);
}

describe('JSON Schema of scenario input', () => {
  const schema = scenarioJsonSchema();

  test('is plain JSON Schema: no drsim annotations left', () => {
    expect(JSON.stringify(schema)).not.toContain('x-drsim-');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  test('describes every property', () => {
    const undocumented: string[] = [];
    for (const [path, node] of walk(schema)) {
      for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
        const optionForm = /\/anyOf\/\d+\/properties$|\/\$defs\/\w+\/anyOf/.test(`${path}/properties`);
        if (!property.description && !property.$ref && !optionForm) undocumented.push(`${path}/properties/${name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  test('accepts the example scenarios and refuses a broken one (checked with Ajv, draft 2020-12)', () => {
    const Ajv = Ajv2020 as unknown as typeof Ajv2020.default;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(fixtureObject('design-example.yaml')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(fixtureObject('minimal.yaml')), JSON.stringify(validate.errors)).toBe(true);
    const broken = fixtureObject('minimal.yaml');
    broken.spec.links[0].bandwdth = broken.spec.links[0].bandwidth;
    expect(validate(broken)).toBe(false);
  });
});
