/** The limits every reader of scenario text, override values and manifests shares. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXPANSION_ALLOWANCE_BYTES,
  MAX_DOCUMENT_DEPTH,
  MAX_EXPANSION_FACTOR,
  checkedValue,
  expandedSize,
  nestingDepthExceeds,
  parseYamlValue,
  yamlNestingPastLimit,
} from '../../src/scenarios/document-limits.js';
import { loadScenario, parseScenarioObject } from '../../src/scenarios/index.js';

/** JSON values whose strings need no escaping, so their JSON length is exactly what expandedSize counts. */
const plainJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: fc.constantFrom(...'abcxyz019 -_.') }), fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('record')),
  list: fc.array(tie('value'), { maxLength: 5 }),
  record: fc.dictionary(fc.string({ unit: fc.constantFrom(...'abkz'), minLength: 1, maxLength: 4 }), tie('value'), { maxKeys: 5 }),
})).value;

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('document limits', () => {
  it('expandedSize is the length of the value written as JSON', () => {
    fc.assert(
      fc.property(plainJson, (value) => {
        expect(expandedSize(value)).toBe(JSON.stringify(value).length);
      }),
    );
  });

  it('expandedSize counts a shared object at every place it is used, and stops at its budget', () => {
    const shared = { key: 'v'.repeat(100) };
    const once = expandedSize(shared);
    expect(expandedSize([shared, shared, shared])).toBe(3 * once + 2 + 2);
    // Ten levels of ten references: 10^10 leaves, measured only up to the budget.
    let bomb: unknown = 'x';
    for (let level = 0; level < 10; level += 1) bomb = Array(10).fill(bomb);
    const budget = 1_000_000;
    const measured = expandedSize(bomb, budget);
    expect(measured).toBeGreaterThan(budget);
    expect(measured).toBeLessThan(budget + 1_000);
  });

  it(`nesting: exactly ${MAX_DOCUMENT_DEPTH} levels pass, one more does not`, () => {
    expect(nestingDepthExceeds(nested(MAX_DOCUMENT_DEPTH), MAX_DOCUMENT_DEPTH)).toBe(false);
    expect(nestingDepthExceeds(nested(MAX_DOCUMENT_DEPTH + 1), MAX_DOCUMENT_DEPTH)).toBe(true);
    expect(nestingDepthExceeds(nested(100_000), MAX_DOCUMENT_DEPTH)).toBe(true);
  });

  it(`YAML text: exactly ${MAX_DOCUMENT_DEPTH} levels of collections pass, one more is found where it opens, in any style`, () => {
    const limit = MAX_DOCUMENT_DEPTH;
    const flow = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const blockSequences = (depth: number) => '- '.repeat(depth) + '1';
    const blockMaps = (depth: number) => Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}a:`).join('\n') + ' 1';
    for (const build of [flow, blockSequences, blockMaps]) {
      expect(yamlNestingPastLimit(build(limit)), build.name).toBeUndefined();
      expect(parseYamlValue(build(limit)).ok, build.name).toBe(true);
    }
    // The 65th '[' is column 65; the 65th '- ' starts at column 129; the 65th block map is the key on line 65.
    expect(yamlNestingPastLimit(flow(limit + 1))).toEqual({ line: 1, column: limit + 1 });
    expect(yamlNestingPastLimit(blockSequences(limit + 1))).toEqual({ line: 1, column: 2 * limit + 1 });
    expect(yamlNestingPastLimit(blockMaps(limit + 1))).toEqual({ line: limit + 1, column: limit + 1 });
    // A collection used as a key nests as deep as one used as a value, and every document of a stream counts.
    expect(yamlNestingPastLimit(`? ${flow(limit)}\n: 1`)).toEqual({ line: 1, column: limit + 2 });
    expect(yamlNestingPastLimit(`a: 1\n---\nb: 2\n---\n${flow(limit + 1)}`)).toEqual({ line: 5, column: limit + 1 });
    // Unclosed and far deeper than anything yaml could compose: still measured, without recursion.
    expect(yamlNestingPastLimit('{"a":'.repeat(20_000))).toEqual({ line: 1, column: 5 * limit + 1 });
  });

  it('expansion: allowed up to the factor times the text (or the allowance), refused beyond', () => {
    const textBytes = 200_000;
    const allowance = MAX_EXPANSION_FACTOR * textBytes;
    expect(allowance).toBeGreaterThan(EXPANSION_ALLOWANCE_BYTES);
    const within = 'a'.repeat(allowance - 2);
    expect(checkedValue(within, textBytes).ok).toBe(true);
    const beyond = 'a'.repeat(allowance);
    const refused = checkedValue(beyond, textBytes);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/aliases expand it to more than 3200000 bytes/) });
    // Small texts still get the fixed allowance: a few anchors reused in a short file are fine.
    expect(checkedValue('b'.repeat(EXPANSION_ALLOWANCE_BYTES - 2), 10).ok).toBe(true);
  });

  it('parseYamlValue refuses alias bombs, deep nesting and syntax errors with a message and never throws', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...Array.from({ length: 8 }, (_, level) => `l${level}: &l${level} [${Array(10).fill(level === 0 ? '*a' : `*l${level - 1}`).join(',')}]`)].join('\n');
    expect(parseYamlValue(bomb)).toMatchObject({ ok: false, message: expect.stringMatching(/alias/i) });
    expect(parseYamlValue('['.repeat(100_000) + ']'.repeat(100_000))).toMatchObject({ ok: false, message: expect.stringMatching(/nested more than/) });
    expect(parseYamlValue('['.repeat(80) + ']'.repeat(80))).toMatchObject({ ok: false, message: expect.stringMatching(/nested more than 64/) });
    expect(parseYamlValue('a: [unclosed')).toMatchObject({ ok: false, message: expect.stringMatching(/syntax error/) });
    expect(parseYamlValue('{a: [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('the scenario loaders apply the same depth limit to text, objects and override values', () => {
    const deep = nested(200);
    expect(loadScenario(`spec: ${JSON.stringify(deep)}`)).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/nested more than 64/) }] });
    expect(parseScenarioObject({ spec: deep })).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/nested more than 64/) }] });
    const overridden = parseScenarioObject({ spec: {} }, { overrides: [{ path: 'spec.horizon', value: deep }] });
    expect(overridden).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/nested more than 64/) }] });
  });
});
