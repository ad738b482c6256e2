import { describe, expect, test } from 'vitest';
import { TimingsSchema, loadScenario, parseScenarioObject, type Scenario } from '../../src/scenarios/index.js';
import { fixtureObject, fixtureText } from './fixtures.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MIB = 2 ** 20;
const GIB = 2 ** 30;

function loaded(text: string): Scenario {
  const result = loadScenario(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.scenario;
}

describe('the example scenario of the scenario format', () => {
  const scenario = loaded(fixtureText('design-example.yaml'));
  const spec = scenario.spec;

  test('identification and run settings', () => {
    expect(scenario.apiVersion).toBe('drsim.dev/v1alpha1');
    expect(scenario.kind).toBe('Scenario');
    expect(scenario.metadata).toEqual({ name: 'regional-5m-vms', description: 'Two VMs per app, 5 minute mirroring, east site lost' });
    expect(spec.seed).toBe(1);
    expect(spec.runs).toBe(500);
    expect(spec.horizon).toBe(7 * DAY);
  });

  test('topology', () => {
    expect(spec.sites.map((site) => site.name)).toEqual(['east', 'west', 'witness']);
    expect(spec.hub).toEqual({ site: 'witness', restoreTime: { kind: 'constant', value: 30 * MINUTE } });
    expect(spec.clusters).toEqual([
      { name: 'dr1', site: 'east', region: 'east', s3ProfileName: 's3-east', cidrs: ['10.0.1.0/24'] },
      { name: 'dr2', site: 'west', region: 'west', s3ProfileName: 's3-west', cidrs: [] },
    ]);
    expect(spec.links).toEqual([{ between: ['east', 'west'], bandwidth: 125_000_000, rtt: 30 }]);
    expect(spec.s3Profiles).toEqual([
      { name: 's3-east', site: 'east' },
      { name: 's3-west', site: 'west' },
    ]);
  });

  test('DR policy', () => {
    expect(spec.drPolicy).toEqual({ name: 'dr-policy-5m', drClusters: ['dr1', 'dr2'], schedulingInterval: 5 * MINUTE, mirroringMode: 'snapshot', failoverMaintenanceMode: true });
  });

  test('application, VMs and volumes in bytes, bytes per second and distributions', () => {
    const [billing] = spec.applications;
    expect(billing.name).toBe('billing');
    expect(billing.preferredCluster).toBe('dr1');
    expect(billing.failoverCluster).toBe('dr2');
    expect(billing.kubeObjectProtection).toEqual({ captureInterval: 5 * MINUTE, objects: 40, changeRate: 6 / 3600 });
    expect(billing.vms).toEqual([
      {
        name: 'db',
        count: 2,
        disks: [{ name: 'disk-0', size: 100 * GIB, allocated: 100 * GIB, workingSet: 20 * GIB, writeRate: { kind: 'constant', bytesPerSecond: 5 * MIB } }],
        boot: { kind: 'lognormal', median: 40 * SECOND, p95: 2 * MINUTE },
        crashRecovery: { kind: 'uniform', min: 5 * SECOND, max: 90 * SECOND },
      },
    ]);
    expect(billing.volumes).toEqual([
      { name: 'logs', size: 10 * GIB, allocated: 10 * GIB, workingSet: 10 * GIB, writeRate: { kind: 'constant', bytesPerSecond: MIB } },
    ]);
  });

  test('disasters, operations, objectives and response', () => {
    expect(spec.disasters).toEqual([
      { kind: 'siteLoss', target: 'east', at: { kind: 'uniform', min: DAY, max: 6 * DAY }, repairAfter: { kind: 'constant', value: 8 * HOUR } },
    ]);
    expect(spec.operations).toEqual([]);
    expect(spec.objectives).toEqual({ rpo: 15 * MINUTE, rto: HOUR, percentile: 99 });
    expect(spec.response).toEqual({ action: 'Failover', decisionDelay: { kind: 'constant', value: 10 * MINUTE }, decisionScope: 'disaster', fencing: 'Fenced', unfencing: 'Manual' });
  });

  test('timings: {} gives every default', () => {
    expect(spec.timings).toEqual(TimingsSchema.parse({}));
    expect(spec.timings.failedOverPhaseDelay).toBe(15 * SECOND);
    expect(spec.timings.promoteTime).toEqual({ kind: 'lognormal', median: 30 * SECOND, p95: 90 * SECOND });
  });

  test('the parsed scenario is immutable', () => {
    expect(Object.isFrozen(scenario)).toBe(true);
    expect(Object.isFrozen(spec.applications[0].vms[0].disks[0])).toBe(true);
  });

  test('the same document as JSON parses to the same scenario', () => {
    const json = JSON.stringify(fixtureObject('design-example.yaml'), null, 2);
    const result = loadScenario(json, { format: 'json' });
    expect(result.ok && result.scenario).toEqual(scenario);
  });
});

describe('defaults keep small scenarios small', () => {
  const spec = loaded(fixtureText('minimal.yaml')).spec;

  test('run settings', () => {
    expect(spec.seed).toBe(1);
    expect(spec.runs).toBe(200);
    expect(spec.horizon).toBe(7 * DAY);
  });

  test('policy, clusters and hub', () => {
    expect(spec.drPolicy).toEqual({ name: 'dr-policy', drClusters: ['dr1', 'dr2'], schedulingInterval: MINUTE, mirroringMode: 'snapshot', failoverMaintenanceMode: true });
    expect(spec.clusters.map((cluster) => [cluster.region, cluster.cidrs])).toEqual([
      ['east', []],
      ['west', []],
    ]);
    expect(spec.hub.restoreTime).toEqual(spec.timings.hubRestoreTime);
  });

  test('application', () => {
    const [busybox] = spec.applications;
    expect(busybox.preferredCluster).toBe('dr1');
    expect(busybox.failoverCluster).toBe('dr2');
    expect(busybox.kubeObjectProtection).toBeUndefined();
    expect(busybox.vms).toEqual([]);
    expect(busybox.volumes[0].workingSet).toBe(GIB);
    // Thick by default: a resync copies the whole size.
    expect(busybox.volumes[0].allocated).toBe(GIB);
  });

  test('response, events and objectives', () => {
    expect(spec.response).toEqual({ action: 'Failover', decisionDelay: { kind: 'constant', value: 10 * MINUTE }, decisionScope: 'disaster', fencing: 'Fenced', unfencing: 'Manual' });
    expect(spec.disasters).toEqual([]);
    expect(spec.operations).toEqual([]);
    expect(spec.objectives).toBeUndefined();
  });

  test('VM defaults come from the timings', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.timings = { vmBoot: '1m', vmCrashRecovery: { exponential: { mean: '20s' } } };
    object.spec.applications[0].vms = [{ name: 'vm', disks: [{ size: '10Gi', writeRate: '1MiB/s' }, { name: 'data', size: '1Gi', writeRate: '0' }] }];
    const result = parseScenarioObject(object);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [vm] = result.scenario.spec.applications[0].vms;
    expect(vm.count).toBe(1);
    expect(vm.boot).toEqual({ kind: 'constant', value: MINUTE });
    expect(vm.crashRecovery).toEqual({ kind: 'exponential', mean: 20 * SECOND });
    expect(vm.disks.map((disk) => disk.name)).toEqual(['disk-0', 'data']);
  });

  test('preferredCluster dr2 makes dr1 the failover target; linkCut is cut from all other sites', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.applications[0].preferredCluster = 'dr2';
    object.spec.sites.push({ name: 'witness' });
    object.spec.disasters = [{ kind: 'linkCut', target: 'east', at: '1d' }];
    const result = parseScenarioObject(object);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.scenario.spec.applications[0].failoverCluster).toBe('dr1');
    expect(result.scenario.spec.disasters[0].from).toEqual(['west', 'witness']);
  });

  test('write-rate profiles parse to the model union', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.applications[0].volumes = [
      { name: 'daily', size: '1Gi', writeRate: { diurnal: { mean: '5MiB/s', peak: '9MiB/s', peakAt: '14h' } } },
      { name: 'bursty', size: '1Gi', writeRate: { bursts: { base: '1MiB/s', burst: '50MiB/s', duration: '5m', every: '1h' } } },
      { name: 'measured', size: '1Gi', writeRate: { series: { step: '8h', period: '1d', rates: ['1MiB/s', '4MiB/s', 0] } } },
    ];
    const result = parseScenarioObject(object);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.scenario.spec.applications[0].volumes.map((volume) => volume.writeRate)).toEqual([
      { kind: 'diurnal', meanBytesPerSecond: 5 * MIB, peakBytesPerSecond: 9 * MIB, peakAtMs: 14 * HOUR },
      { kind: 'bursts', baseBytesPerSecond: MIB, burstBytesPerSecond: 50 * MIB, durationMs: 5 * MINUTE, everyMs: HOUR, offsetMs: 0 },
      { kind: 'series', stepMs: 8 * HOUR, periodMs: 24 * HOUR, offsetMs: 0, bytesPerSecond: [MIB, 4 * MIB, 0] },
    ]);
  });

  test('Metro-DR: an empty schedulingInterval parses to null', () => {
    const object = fixtureObject('minimal.yaml');
    object.spec.drPolicy.schedulingInterval = '';
    const result = parseScenarioObject(object);
    expect(result.ok && result.scenario.spec.drPolicy.schedulingInterval).toBeNull();
  });
});
