/**
 * The bundled scenario library (scenarios/): every file validates, says in a
 * comment header what it studies and what to look at, and a short study
 * shows the property its header promises.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers, runStudy } from '../../src/analysis/monte-carlo.js';
import type { Result } from '../../src/analysis/result-schema.js';
import { loadScenario, type Scenario, type ScenarioOverride } from '../../src/scenarios/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIBRARY = join(ROOT, 'scenarios');
const FILES = readdirSync(LIBRARY)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();

function load(file: string, overrides: ScenarioOverride[] = []): Scenario {
  const loaded = loadScenario(readFileSync(join(LIBRARY, file), 'utf8'), { filename: file, overrides });
  if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded.errors)}`);
  return loaded.scenario;
}

async function study(file: string, runs: number, overrides: ScenarioOverride[] = []): Promise<Result> {
  return (await runStudy(load(file, overrides), { runs, workers: 1 })).result;
}

const application = (result: Result) => result.applications[0];

/** What each scenario's header promises, checked on a short study. */
const PROMISES: Record<string, () => Promise<void>> = {
  'regional-5m-vms.yaml': async () => {
    const result = await study('regional-5m-vms.yaml', 8);
    expect(result.rpoOverTime.unbounded).toBe(false);
    expect(result.summary.rpoSeconds.mean).toBeGreaterThan(0);
    expect(result.summary.rpoSeconds.max).toBeLessThan(300 + 120);
    expect(result.summary.dataLossBytes.mean).toBeGreaterThan(0);
    expect(application(result).rtoBreakdownSeconds.detection.mean).toBeGreaterThanOrEqual(240);
    expect(application(result).rtoBreakdownSeconds.decision.mean).toBe(600);
  },
  'metro-vms-site-loss.yaml': async () => {
    const result = await study('metro-vms-site-loss.yaml', 8);
    expect(result.summary.rpoSeconds.max).toBe(0);
    expect(result.summary.dataLossBytes.max).toBe(0);
    expect(result.splitBrain.runs).toBe(0);
    expect(application(result).rtoBreakdownSeconds.fencing.mean).toBeGreaterThan(0);
    expect(application(result).rtoBreakdownSeconds.promote.max).toBe(0);
    expect(result.invariantViolations).toEqual([]);
  },
  'e2e-calibration.yaml': async () => {
    const result = await study('e2e-calibration.yaml', 8);
    const breakdown = application(result).rtoBreakdownSeconds;
    expect(breakdown.detection.max).toBe(0);
    expect(breakdown.decision.max).toBe(0);
    expect(result.summary.rtoSeconds.max).toBeLessThan(15 * 60);
    expect(result.summary.unprotectedSeconds.mean).toBeGreaterThan(result.summary.rtoSeconds.mean);
    expect(result.summary.rpoSeconds.max).toBeLessThan(60 + 90);
  },
  'underprovisioned-link.yaml': async () => {
    const result = await study('underprovisioned-link.yaml', 5);
    // Saturated, not unbounded: merged deltas hold at most the working sets, so the lag settles (hours).
    expect(result.rpoOverTime).toMatchObject({ unbounded: false, saturated: true, alertCriticalFraction: 1 });
    expect(result.rpoOverTime.mean).toBeGreaterThan(3600);
    expect(result.warnings?.some((warning) => warning.code === 'LINK_SATURATED' && warning.message.includes('east - west'))).toBe(true);
    expect(result.summary.rpoSeconds.p50).toBeGreaterThan(3600);
  },
  'hub-lost-with-site.yaml': async () => {
    const result = await study('hub-lost-with-site.yaml', 8);
    // The hub restore (median 45 min) adds to the ~20 min of regional-5m-vms.
    expect(application(result).rtoBreakdownSeconds.hubRecovery?.mean).toBeGreaterThan(5 * 60);
    expect(result.summary.rtoSeconds.mean).toBeGreaterThan(30 * 60);
  },
  's3-store-in-failed-site.yaml': async () => {
    const result = await study('s3-store-in-failed-site.yaml', 8);
    expect(application(result).rtoBreakdownSeconds.restore.mean).toBeGreaterThan(2 * 3600);
    expect(result.summary.rtoSeconds.p50).toBeGreaterThan(2 * 3600);
  },
  'planned-relocate.yaml': async () => {
    const result = await study('planned-relocate.yaml', 8);
    expect(result.summary.dataLossBytes.max).toBe(0);
    expect(result.summary.rtoSeconds.p50).toBeGreaterThan(0);
    const breakdown = application(result).rtoBreakdownSeconds;
    expect(breakdown.appStop?.mean).toBeGreaterThan(0);
    expect(breakdown.finalSync?.mean).toBeGreaterThan(0);
    expect(breakdown.crashRecovery.max).toBe(0);
    expect(result.warnings ?? []).toEqual([]);
  },
  'metro-fencing-none-split-brain.yaml': async () => {
    const unfenced = await study('metro-fencing-none-split-brain.yaml', 6);
    expect(unfenced.splitBrain.runs).toBe(6);
    expect(unfenced.splitBrain.bytesDiverged.mean).toBeGreaterThan(0);
    const fenced = await study('metro-fencing-none-split-brain.yaml', 6, [{ path: 'spec.response.fencing', value: 'Fenced' }]);
    expect(fenced.splitBrain.runs).toBe(0);
  },
  'multi-disk-vm-skew.yaml': async () => {
    const result = await study('multi-disk-vm-skew.yaml', 10);
    const worstSkew = Math.max(...(result.vms ?? []).map((vm) => vm.diskSkewSeconds.max));
    expect(worstSkew).toBeGreaterThanOrEqual(60);
  },
  'regional-partition-split-brain.yaml': async () => {
    const result = await study('regional-partition-split-brain.yaml', 6);
    expect(result.splitBrain.runs).toBe(6);
    expect(result.splitBrain.bytesDiverged.mean).toBeGreaterThan(0);
    expect(result.summary.rpoSeconds.mean).toBeGreaterThan(600);
  },
  'regional-journal-mirroring.yaml': async () => {
    const result = await study('regional-journal-mirroring.yaml', 8);
    expect(result.summary.rpoSeconds.max).toBeLessThan(15);
    expect(result.summary.rpoSeconds.mean).toBeGreaterThan(0);
  },
  'fleet-50-apps-one-cluster.yaml': async () => {
    // One run: each application's figures are its place in that run's queue.
    const result = await study('fleet-50-apps-one-cluster.yaml', 1);
    expect(result.applications).toHaveLength(50);
    const steps = result.applications.map((figures) => figures.rtoBreakdownSeconds);
    // One lease and one declaration for the disaster: the same for every application.
    expect(new Set(steps.map((step) => step.detection.mean)).size).toBe(1);
    expect(new Set(steps.map((step) => step.decision.mean)).size).toBe(1);
    // One Velero restore at a time, each at least the 12 s lost on s3-east plus 2 s for 40 objects:
    // the last of fifty in each run waits at least 50 x 14 s.
    expect(Math.max(...steps.map((step) => step.restore.mean))).toBeGreaterThanOrEqual(50 * 14);
    expect(Math.min(...steps.map((step) => step.restore.mean))).toBeLessThan(120);
  },
  'fleet-200-vms.yaml': async () => {
    const result = await study('fleet-200-vms.yaml', 3);
    expect(result.vms).toHaveLength(200);
    expect(result.applications).toHaveLength(10);
    expect(result.rpoOverTime.unbounded).toBe(false);
    expect(result.invariantViolations).toEqual([]);
  },
};

afterAll(() => closeWorkers());

describe('the scenario library', () => {
  it('has the scenarios other parts of drsim name, and at least ten in all', () => {
    expect(FILES).toEqual(expect.arrayContaining(['regional-5m-vms.yaml', 'fleet-200-vms.yaml']));
    expect(FILES.length).toBeGreaterThanOrEqual(10);
    expect(load('regional-5m-vms.yaml').spec.runs).toBe(200);
  });

  it('every scenario has a promise checked below', () => {
    expect(Object.keys(PROMISES).sort()).toEqual(FILES);
  });

  it('the README lists every scenario', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const file of FILES) expect(readme, file).toContain(`scenarios/${file}`);
  });

  describe.each(FILES)('%s', (file) => {
    const text = readFileSync(join(LIBRARY, file), 'utf8');

    it('validates, is named after its file, and has a header saying what it studies and what to look at', () => {
      const scenario = load(file);
      expect(scenario.metadata.name).toBe(file.replace(/\.ya?ml$/, ''));
      const header = text.slice(0, text.indexOf('apiVersion:'));
      const lines = header.trimEnd().split('\n');
      expect(lines.every((line) => line.startsWith('#'))).toBe(true);
      expect(lines.length).toBeGreaterThanOrEqual(8);
      expect(header).toMatch(/^# Studies:/m);
      expect(header).toMatch(/^# Look at:/m);
    });

    it('shows what its header promises', async () => {
      const promise = PROMISES[file];
      expect(promise, `no check for ${file}`).toBeDefined();
      await promise();
    });
  });
});
