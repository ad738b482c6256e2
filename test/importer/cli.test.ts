/** `drsim import` as a user runs it: YAML on stdout, warnings on stderr, exit 2 for unusable input. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenarios/index.js';
import { STACK_FRAME, drsim, scratchDirectory, writeScenario } from '../cli/drsim.js';
import { SAMPLES } from './helpers.js';

describe('drsim import', () => {
  it('imports a directory tree: a valid scenario on stdout, warnings and notes on stderr', async () => {
    const outcome = await drsim(['import', `${SAMPLES}ramen-config-samples`]);
    expect(outcome.code).toBe(0);
    const loaded = loadScenario(outcome.stdout, { format: 'yaml' });
    expect(loaded.ok).toBe(true);
    expect(outcome.stdout).toMatch(/# assumed: /);
    expect(outcome.stderr).toMatch(/^warning: .*captureOrder is removed from the Ramen API/m);
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });

  it('--json prints the scenario with its assumptions, warnings and notes', async () => {
    const outcome = await drsim(['import', '--json', `${SAMPLES}ocm-ramen-samples`]);
    expect(outcome.code).toBe(0);
    const printed = JSON.parse(outcome.stdout);
    expect(printed.scenario.spec.drPolicy.schedulingInterval).toBe('1m');
    expect(printed.assumptions).toContainEqual({ path: 'spec.links[0].bandwidth', note: expect.stringMatching(/bandwidth/) });
    expect(printed.notes.join('\n')).toMatch(/Deployment busybox/);
    expect(outcome.stderr).toBe('');
  });

  it('exits 2 with a clear message for a missing path or nothing to import', async () => {
    const missing = await drsim(['import', '/nonexistent/manifests.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^drsim: cannot read \/nonexistent\/manifests\.yaml: no such file or directory/);
    const directory = scratchDirectory();
    const deployment = writeScenario(directory, 'deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
    const nothing = await drsim(['import', deployment]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^drsim: nothing to import from .*deployment\.yaml: no DRPolicy, DRCluster/);
    expect(nothing.stderr).not.toMatch(STACK_FRAME);
    const empty = await drsim(['import', scratchDirectory()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no \*\.yaml or \*\.yml files under/);
  });
});
