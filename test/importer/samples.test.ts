/**
 * The real RamenDR manifests in test/fixtures/ramen-samples: every
 * directory, and the whole tree at once, imports into a scenario that
 * validates; stale fields are warnings; Metro samples give Metro-DR.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderImportYaml } from '../../src/importer/index.js';
import { loadScenario } from '../../src/scenarios/index.js';
import { SAMPLES, assumedPaths, importFiles, manifestDirectories, specOf, yamlFilesBelow } from './helpers.js';

const ASSUMED_COMMENT = /# assumed: \S/g;

describe('importing the RamenDR samples', () => {
  const cases = [...manifestDirectories().map((directory) => [directory.slice(SAMPLES.length) || '.', directory]), ['the whole tree', SAMPLES]];

  it.each(cases)('%s imports into a valid scenario with every assumption commented', (_name, directory) => {
    const result = importFiles(yamlFilesBelow(directory));
    const text = renderImportYaml(result);
    const loaded = loadScenario(text, { format: 'yaml' });
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    // The YAML says the same as the object, and each assumption has its comment.
    expect(parse(text)).toEqual(result.scenario);
    expect(result.assumptions.length).toBeGreaterThan(0);
    expect(text.match(ASSUMED_COMMENT)?.length).toBe(result.assumptions.length);
  });

  it('the ocm-ramen-samples tree gives the e2e setup: dr-policy-1m over dr1 and dr2, a busybox PVC and the VM disks', () => {
    const result = importFiles(yamlFilesBelow(`${SAMPLES}ocm-ramen-samples`));
    const spec = specOf(result);
    expect(spec.drPolicy).toEqual({ name: 'dr-policy-1m', drClusters: ['dr1', 'dr2'], schedulingInterval: '1m' });
    expect(spec.clusters.map((cluster: { s3ProfileName: string }) => cluster.s3ProfileName)).toEqual(['minio-on-dr1', 'minio-on-dr2']);
    const [application] = spec.applications;
    expect(application.name).toBe('drpc');
    expect(application.preferredCluster).toBe('dr1');
    expect(application.volumes).toEqual([{ name: 'busybox-pvc', size: '1Gi', writeRate: '1MiB/s' }]);
    // vm-dv and vm-pvc are alternative variants, each with its own root-disk (a DataVolume, a PVC).
    expect(application.vms.map((vm: { disks: unknown[] }) => vm.disks)).toEqual([
      [{ name: 'root-disk', size: '128Mi', writeRate: '1MiB/s' }],
      [{ name: 'root-disk', size: '128Mi', writeRate: '1MiB/s' }],
    ]);
    expect(result.notes.join('\n')).toMatch(/Deployment busybox .*skipped/);
    expect(result.notes.join('\n')).toMatch(/VolumeImportSource cirros-source .*skipped/);
  });

  it('the stale fields of the ramen config samples are warnings, not failures', () => {
    const result = importFiles(yamlFilesBelow(`${SAMPLES}ramen-config-samples`));
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(/DRPlacementControl drplacementcontrol-sample: spec\.kubeObjectProtection\.captureOrder is removed/);
    expect(warnings).toMatch(/DRPlacementControl drplacementcontrol-sample: spec\.kubeObjectProtection\.recoverOrder is removed/);
    expect(warnings).toMatch(/VolumeReplicationGroup volumereplicationgroup-sample: spec\.kubeObjectProtection\.captureOrder is removed/);
    expect(warnings).toMatch(/VolumeReplicationGroup volumereplicationgroup-sample: spec\.async\.schedulingInterval "10m" differs from the policy's 1h/);
    expect(specOf(result).applications[0].kubeObjectProtection.captureInterval).toBe('1m');
  });

  it('the Metro-DR samples give schedulingInterval "" with a warning for the stale {}', () => {
    const result = importFiles([
      `${SAMPLES}ramen-config-samples/ramendr_v1alpha1_metrodr_drpolicy.yaml`,
      `${SAMPLES}ramen-config-samples/ramendr_v1alpha1_metrodr_drcluster.yaml`,
    ]);
    const spec = specOf(result);
    expect(spec.drPolicy.schedulingInterval).toBe('');
    expect(result.warnings.join('\n')).toMatch(/schedulingInterval: \{\} is stale .*imported as Metro-DR/);
    // The sample's ManuallyFenced DRCluster says how this operator fences.
    expect(spec.response.fencing).toBe('ManuallyFenced');
    expect(spec.clusters[0]).toMatchObject({ name: 'east1', region: 'east', cidrs: ['192.168.39.45/32'] });
    // east2 has no DRCluster: its profile is assumed; both share region east, so one site per cluster.
    expect(assumedPaths(result)).toEqual(expect.arrayContaining(['spec.clusters.1.s3ProfileName', 'spec.clusters.0.site', 'spec.clusters.1.site']));
    expect(spec.links[0].rtt).toBe('2ms');
  });

  it('the Metro-DR policy on its own imports as Metro-DR, fenced by a NetworkFence as assumed', () => {
    const result = importFiles([`${SAMPLES}ramen-config-samples/ramendr_v1alpha1_metrodr_drpolicy.yaml`]);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('');
    expect(specOf(result).response.fencing).toBe('Fenced');
    expect(assumedPaths(result)).toContain('spec.response.fencing');
  });
});
