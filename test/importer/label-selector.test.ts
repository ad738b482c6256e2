/** Kubernetes label selector semantics for pvcSelector: matchLabels and matchExpressions, all must hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelSelector, selects } from '../../src/importer/label-selector.js';

function parsed(raw: unknown): { selector: ReturnType<typeof parseLabelSelector>; problems: string[] } {
  const problems: string[] = [];
  return { selector: parseLabelSelector(raw, (message) => problems.push(message)), problems };
}

describe('label selectors', () => {
  const labels = { app: 'billing', tier: 'db' };

  it('match on every operator as Kubernetes does', () => {
    const cases: [unknown, boolean][] = [
      [{ matchLabels: { app: 'billing' } }, true],
      [{ matchLabels: { app: 'orders' } }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'cache'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, false],
      // NotIn holds where the label is missing.
      [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
      [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
      // matchLabels and every expression must hold together.
      [{ matchLabels: { app: 'billing' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, false],
      [{ matchLabels: { app: 'billing' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ];
    for (const [raw, expected] of cases) {
      const { selector, problems } = parsed(raw);
      expect(problems).toEqual([]);
      expect(selects(selector, labels), JSON.stringify(raw)).toBe(expected);
    }
  });

  it('In and NotIn are complements, and so are Exists and DoesNotExist, on any labels', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const value = fc.constantFrom('x', 'y', 'z');
    fc.assert(
      fc.property(fc.dictionary(key, value), key, fc.array(value, { minLength: 1, maxLength: 3 }), (anyLabels, selectorKey, values) => {
        const holds = (operator: string, withValues: boolean) =>
          selects(parsed({ matchExpressions: [{ key: selectorKey, operator, ...(withValues ? { values } : {}) }] }).selector, anyLabels);
        expect(holds('In', true)).toBe(!holds('NotIn', true));
        expect(holds('Exists', false)).toBe(!holds('DoesNotExist', false));
        expect(holds('In', true)).toBe(selectorKey in anyLabels && values.includes(anyLabels[selectorKey]));
      }),
    );
  });

  it('reports what Kubernetes would refuse, naming the field, the value and what was expected, and keeps the rest', () => {
    const { selector, problems } = parsed({
      matchLabels: { app: 'billing', replicas: 3 },
      matchExpressions: [
        { key: 'tier', operator: 'Matches', values: ['db'] },
        { key: 'tier', operator: 'In', values: [] },
        { operator: 'Exists' },
        { key: 'zone', operator: 'DoesNotExist', values: ['a'] },
      ],
    });
    expect(problems).toEqual([
      'matchLabels.replicas is 3, expected a string',
      'matchExpressions[0].operator is "Matches", expected one of In, NotIn, Exists, DoesNotExist; the expression is ignored',
      'matchExpressions[1].values is empty, expected at least one value for In; the expression is ignored',
      'matchExpressions[2].key is undefined, expected a label key; the expression is ignored',
      'matchExpressions[3].values is given for DoesNotExist, which takes none; the values are ignored',
    ]);
    expect(selector).toEqual([
      { key: 'app', operator: 'In', values: ['billing'] },
      { key: 'zone', operator: 'DoesNotExist', values: [] },
    ]);
  });

  it('names no labels when absent or empty', () => {
    expect(parsed(undefined).selector).toEqual([]);
    expect(parsed({}).selector).toEqual([]);
  });
});
