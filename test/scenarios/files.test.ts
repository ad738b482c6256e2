import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/scenarios/files.js';
import { fixtureObject, fixturePath } from './fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'drsim-scenarios-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('loadScenarioFile', () => {
  test('reads YAML', async () => {
    const result = await loadScenarioFile(fixturePath('design-example.yaml'));
    expect(result.ok && result.scenario.metadata.name).toBe('regional-5m-vms');
  });

  test('reads JSON by its extension, with positions', async () => {
    const path = join(directory, 'scenario.json');
    const object = fixtureObject('minimal.yaml');
    object.spec.runs = 'many';
    const text = JSON.stringify(object, null, 2);
    writeFileSync(path, text);
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes('"runs": "many"')) + 1;
    const column = lines[line - 1].indexOf('"many"') + 1;
    const result = await loadScenarioFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: 'spec.runs', value: 'many', line, column });
  });

  test('a missing file is an issue, not an exception', async () => {
    const result = await loadScenarioFile(join(directory, 'absent.yaml'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0].message).toContain('no such file');
  });
});
