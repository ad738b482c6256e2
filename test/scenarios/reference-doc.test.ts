import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { renderScenarioReference } from '../../src/scenarios/index.js';

const REFERENCE_PATH = fileURLToPath(new URL('../../docs/scenario-reference.md', import.meta.url));

describe('docs/scenario-reference.md', () => {
  test('is the freshly rendered reference', () => {
    const committed = readFileSync(REFERENCE_PATH, 'utf8');
    expect(committed === renderScenarioReference(), 'docs/scenario-reference.md is out of date: run npm run docs:scenario-reference').toBe(true);
  });

  test('lists nested fields, their defaults and the timings with their sources', () => {
    const reference = renderScenarioReference();
    expect(reference).toContain('## `spec.applications[].vms[].disks[]`');
    expect(reference).toContain('| `horizon` | duration | `7d` |');
    expect(reference).toContain('| `runs` | integer | `200` |');
    expect(reference).toMatch(/\| `promoteTime` \| random duration \| `\{lognormal: \{median: 30s, p95: 90s\}\}` \| .*ceph-csi PR #2972/);
    expect(reference).toContain('| `MAX_RUNS` | 100000 |');
  });
});
