/** Each manifest kind's mapping onto the scenario, on small inline manifests. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ImportError, renderImportYaml } from '../../src/importer/index.js';
import { parseScenarioObject } from '../../src/scenarios/index.js';
import { assumedPaths, importText, specOf } from './helpers.js';

const RAMEN = 'apiVersion: ramendr.openshift.io/v1alpha1';

const policy = (interval: string, clusters = '[east, west]') => `${RAMEN}
kind: DRPolicy
metadata: {name: p}
spec: {drClusters: ${clusters}, schedulingInterval: ${interval}}
`;
const drCluster = (name: string, fields = '') => `${RAMEN}
kind: DRCluster
metadata: {name: ${name}}
spec: {s3ProfileName: s3-${name}${fields ? `, ${fields}` : ''}}
`;
const pvc = (name: string, size: string, labels = '{}') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, labels: ${labels}}
spec: {resources: {requests: {storage: ${size}}}}
`;
const drpc = (name: string, fields: string) => `${RAMEN}
kind: DRPlacementControl
metadata: {name: ${name}}
spec: {drPolicyRef: {name: p}, ${fields}}
`;
const vm = (name: string, volumes: string, extra = '') => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: ${name}}
spec:
  ${extra}
  template: {spec: {volumes: ${volumes}}}
`;

function expectValid(result: ReturnType<typeof importText>): void {
  const checked = parseScenarioObject(result.scenario);
  expect(checked.ok ? [] : checked.errors).toEqual([]);
}

describe('DRPolicy', () => {
  it('gives the policy name, clusters and interval', () => {
    const result = importText(policy('15m'));
    expect(specOf(result).drPolicy).toEqual({ name: 'p', drClusters: ['east', 'west'], schedulingInterval: '15m' });
    expectValid(result);
  });

  it('"" is Metro-DR, with Metro link defaults and NetworkFence fencing assumed', () => {
    const spec = specOf(importText(policy('""')));
    expect(spec.drPolicy.schedulingInterval).toBe('');
    expect(spec.links[0]).toMatchObject({ bandwidth: '10Gbps', rtt: '2ms' });
    expect(spec.response.fencing).toBe('Fenced');
  });

  it('an interval Ramen refuses is a warning, and the VRG\'s interval is used instead', () => {
    const vrg = `${RAMEN}\nkind: VolumeReplicationGroup\nmetadata: {name: app}\nspec: {async: {schedulingInterval: 10m}}\n`;
    const result = importText(policy('30s'), vrg);
    expect(result.warnings.join('\n')).toMatch(/schedulingInterval "30s" Ramen intervals are whole minutes/);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('10m');
  });

  it('without any interval, 5m Regional-DR is assumed', () => {
    const result = importText(`${RAMEN}\nkind: DRPolicy\nmetadata: {name: p}\nspec: {drClusters: [a, b]}\n`);
    expect(result.warnings.join('\n')).toMatch(/schedulingInterval is missing/);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('5m');
    expect(assumedPaths(result)).toContain('spec.drPolicy.schedulingInterval');
  });

  it('without a DRPolicy, the clusters come from the DRClusters and the name from the DRPC', () => {
    const result = importText(drCluster('c1'), drCluster('c2'), drpc('app', 'preferredCluster: c2'), pvc('data', '5Gi'));
    const spec = specOf(result);
    expect(spec.drPolicy.name).toBe('p');
    expect(spec.drPolicy.drClusters).toEqual(['c1', 'c2']);
    expect(spec.applications[0]).toMatchObject({ preferredCluster: 'c2', failoverCluster: 'c1' });
    expect(assumedPaths(result)).toContain('spec.drPolicy.drClusters');
    expectValid(result);
  });

  it('a policy without two clusters is completed with assumed names', () => {
    const result = importText(policy('5m', '[only]'));
    expect(result.warnings.join('\n')).toMatch(/drClusters must name exactly 2 different clusters/);
    expect(specOf(result).drPolicy.drClusters).toEqual(['only', 'dr1']);
    expectValid(result);
  });
});

describe('DRCluster', () => {
  it('distinct regions give one site per region, named after it', () => {
    const result = importText(policy('5m'), drCluster('east', 'region: eu-north'), drCluster('west', 'region: eu-west'));
    const spec = specOf(result);
    expect(spec.sites.map((site: { name: string }) => site.name)).toEqual(['eu-north', 'eu-west', 'hub']);
    expect(spec.clusters[0]).toEqual({ name: 'east', site: 'eu-north', region: 'eu-north', s3ProfileName: 's3-east' });
    expect(assumedPaths(result)).not.toContain('spec.clusters.0.site');
    expect(spec.links[0].between).toEqual(['eu-north', 'eu-west']);
  });

  it('a shared region (a Metro-DR pair) gives one site per cluster, as assumed', () => {
    const result = importText(policy('""'), drCluster('east', 'region: metro'), drCluster('west', 'region: metro'));
    expect(specOf(result).clusters.map((cluster: { site: string }) => cluster.site)).toEqual(['east', 'west']);
    expect(result.assumptions.find((assumption) => assumption.path.join('.') === 'spec.clusters.0.site')?.note).toMatch(/region metro, as a Metro-DR pair is/);
  });

  it('keeps valid cidrs and warns about the others', () => {
    const result = importText(policy('""'), drCluster('east', 'cidrs: [10.0.0.0/24, not-a-cidr]'), drCluster('west'));
    expect(specOf(result).clusters[0].cidrs).toEqual(['10.0.0.0/24']);
    expect(result.warnings.join('\n')).toMatch(/"not-a-cidr" is not a CIDR/);
  });

  it('clusterFence is the operator\'s fencing in Metro-DR and a warning in Regional-DR', () => {
    expect(specOf(importText(policy('""'), drCluster('east', 'clusterFence: ManuallyFenced'))).response.fencing).toBe('ManuallyFenced');
    const regional = importText(policy('5m'), drCluster('east', 'clusterFence: Fenced'));
    expect(specOf(regional).response.fencing).toBeUndefined();
    expect(regional.warnings.join('\n')).toMatch(/clusterFence Fenced has no effect in Regional-DR/);
  });

  it('places S3 stores by the RamenConfig s3Region', () => {
    const config = `${RAMEN}\nkind: RamenConfig\ns3StoreProfiles:\n  - {s3ProfileName: s3-east, s3Region: eu-west}\n`;
    const result = importText(policy('5m'), drCluster('east', 'region: eu-north'), drCluster('west', 'region: eu-west'), config);
    expect(specOf(result).s3Profiles[0]).toEqual({ name: 's3-east', site: 'eu-west' });
    expect(assumedPaths(result)).not.toContain('spec.s3Profiles.0.site');
    expect(assumedPaths(result)).toContain('spec.s3Profiles.1.site');
  });

  it('a DRCluster outside the policy is ignored with a warning', () => {
    const result = importText(policy('5m'), drCluster('north'));
    expect(result.warnings.join('\n')).toMatch(/DRCluster north: not one of the policy's clusters \(east, west\); ignored/);
  });
});

describe('DRPlacementControl and VRG', () => {
  it('a DRPC gives an application with its clusters and capture interval', () => {
    const result = importText(policy('5m'), drpc('shop', 'preferredCluster: west, failoverCluster: east, kubeObjectProtection: {captureInterval: 10m}'), pvc('db', '20Gi'));
    const application = specOf(result).applications[0];
    expect(application).toMatchObject({ name: 'shop', preferredCluster: 'west', failoverCluster: 'east' });
    expect(application.kubeObjectProtection).toEqual({ captureInterval: '10m', objects: 20, changeRate: '1/h' });
    expect(assumedPaths(result)).toEqual(expect.arrayContaining(['spec.applications.0.kubeObjectProtection.objects', 'spec.applications.0.kubeObjectProtection.changeRate']));
    expect(assumedPaths(result)).not.toContain('spec.applications.0.failoverCluster');
  });

  it('warns about stale and unknown fields', () => {
    const result = importText(policy('5m'), drpc('shop', 'preferedCluster: east, kubeObjectProtection: {captureOrder: []}'));
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(/spec\.preferedCluster is not a field of the current API \(stale or misspelt\); ignored/);
    expect(warnings).toMatch(/spec\.kubeObjectProtection\.captureOrder is removed from the Ramen API/);
    // An empty kubeObjectProtection takes Ramen's default interval.
    expect(specOf(result).applications[0].kubeObjectProtection.captureInterval).toBe('5m');
  });

  it('a VRG without a DRPC is an application; its async interval stands in for a missing DRPolicy', () => {
    const vrg = `${RAMEN}\nkind: VolumeReplicationGroup\nmetadata: {name: orders}\nspec: {async: {schedulingInterval: 2h}, kubeObjectProtection: {captureInterval: 30m}}\n`;
    const result = importText(vrg, pvc('db', '1Gi'));
    const spec = specOf(result);
    expect(spec.drPolicy.schedulingInterval).toBe('2h');
    expect(spec.applications[0]).toMatchObject({ name: 'orders', preferredCluster: 'dr1', kubeObjectProtection: { captureInterval: '30m' } });
    expectValid(result);
  });

  it('two DRPCs take the PVCs their pvcSelector matches', () => {
    const result = importText(
      policy('5m'),
      drpc('a', 'pvcSelector: {matchLabels: {app: a}}'),
      drpc('b', 'pvcSelector: {matchLabels: {app: b}}'),
      pvc('b-data', '2Gi', '{app: b}'),
      pvc('a-data', '1Gi', '{app: a}'),
    );
    const [a, b] = specOf(result).applications;
    expect(a.volumes.map((volume: { name: string }) => volume.name)).toEqual(['a-data']);
    expect(b.volumes.map((volume: { name: string }) => volume.name)).toEqual(['b-data']);
    expectValid(result);
  });

  it('pvcSelector.matchExpressions pick the PVCs too', () => {
    const result = importText(
      policy('5m'),
      drpc('databases', 'pvcSelector: {matchExpressions: [{key: tier, operator: In, values: [db, cache]}]}'),
      drpc('rest', 'pvcSelector: {matchLabels: {team: shop}, matchExpressions: [{key: tier, operator: NotIn, values: [db, cache]}]}'),
      pvc('orders-db', '20Gi', '{team: shop, tier: db}'),
      pvc('web-cache', '1Gi', '{team: shop, tier: cache}'),
      pvc('uploads', '5Gi', '{team: shop}'),
    );
    const [databases, rest] = specOf(result).applications;
    expect(databases.volumes.map((volume: { name: string }) => volume.name)).toEqual(['orders-db', 'web-cache']);
    expect(rest.volumes.map((volume: { name: string }) => volume.name)).toEqual(['uploads']);
    expect(result.warnings.filter((warning) => warning.includes('pvcSelector'))).toEqual([]);
    expectValid(result);
  });

  it('a pvcSelector expression Kubernetes would refuse is a warning naming it', () => {
    const result = importText(policy('5m'), drpc('a', 'pvcSelector: {matchExpressions: [{key: tier, operator: Equals, values: [db]}]}'), pvc('data', '1Gi'));
    expect(result.warnings.join('\n')).toMatch(
      /DRPlacementControl a: spec\.pvcSelector\.matchExpressions\[0\]\.operator is "Equals", expected one of In, NotIn, Exists, DoesNotExist/,
    );
    expectValid(result);
  });

  it('a DRPC with nothing to protect gets one assumed volume', () => {
    const result = importText(policy('5m'), drpc('empty', 'preferredCluster: east'));
    expect(specOf(result).applications[0].volumes).toEqual([{ name: 'data', size: '10Gi', writeRate: '1MiB/s' }]);
    expect(assumedPaths(result)).toContain('spec.applications.0.volumes.0');
  });
});

describe('VolumeReplicationClass', () => {
  it('gives the mirroring mode and is cross-checked against the policy interval', () => {
    const vrc = `apiVersion: replication.storage.openshift.io/v1alpha1
kind: VolumeReplicationClass
metadata: {name: vrc}
spec: {provisioner: rbd.csi.ceph.com}
parameters: {mirroringMode: journal, schedulingInterval: 10m}
`;
    const result = importText(policy('5m'), vrc);
    expect(specOf(result).drPolicy.mirroringMode).toBe('journal');
    expect(result.warnings.join('\n')).toMatch(/parameters\.schedulingInterval 10m differs from the policy's 5m/);
  });
});

describe('PVCs, DataVolumes and VMs', () => {
  it('a PVC a VM mounts is a disk of the VM; the others are volumes', () => {
    const result = importText(policy('5m'), pvc('root', '30Gi'), pvc('logs', '2Gi'), vm('web', '[{name: root, persistentVolumeClaim: {claimName: root}}, {name: init, cloudInitNoCloud: {}}]'));
    const application = specOf(result).applications[0];
    expect(application.vms).toEqual([{ name: 'web', disks: [{ name: 'root', size: '30Gi', writeRate: '1MiB/s' }] }]);
    expect(application.volumes).toEqual([{ name: 'logs', size: '2Gi', writeRate: '1MiB/s' }]);
    expect(assumedPaths(result)).toEqual(expect.arrayContaining(['spec.applications.0.vms.0.disks.0.writeRate', 'spec.applications.0.volumes.0.writeRate']));
  });

  it('DataVolumes, referenced or templated, give their storage size', () => {
    const dataVolume = `apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata: {name: os}\nspec: {pvc: {resources: {requests: {storage: 40Gi}}}}\n`;
    const templated = vm(
      'db',
      '[{name: os, dataVolume: {name: os}}, {name: data, dataVolume: {name: db-data}}]',
      'dataVolumeTemplates: [{metadata: {name: db-data}, spec: {storage: {resources: {requests: {storage: 200Gi}}}}}]',
    );
    const disks = specOf(importText(policy('5m'), dataVolume, templated)).applications[0].vms[0].disks;
    expect(disks.map((disk: { name: string; size: string }) => [disk.name, disk.size])).toEqual([
      ['os', '40Gi'],
      ['db-data', '200Gi'],
    ]);
  });

  it('a VM mounting a PVC not in the manifests gets an assumed size; one with no PVC is skipped', () => {
    const result = importText(policy('5m'), vm('a', '[{name: d, persistentVolumeClaim: {claimName: missing}}]'), vm('b', '[{name: c, containerDisk: {image: x}}]'));
    const vms = specOf(result).applications[0].vms;
    expect(vms).toEqual([{ name: 'a', disks: [{ name: 'missing', size: '10Gi', writeRate: '1MiB/s' }] }]);
    expect(assumedPaths(result)).toContain('spec.applications.0.vms.0.disks.0.size');
    expect(result.warnings.join('\n')).toMatch(/VirtualMachine b: no persistentVolumeClaim or dataVolume disk/);
  });

  it('names that are not DNS-1123 labels are rewritten, and said so', () => {
    const result = importText(policy('5m'), pvc('Data.Volume_1', '1Gi'));
    expect(specOf(result).applications[0].volumes[0].name).toBe('data-volume-1');
    expect(result.warnings.join('\n')).toMatch(/PVC name "Data.Volume_1" is not a DNS-1123 label; imported as "data-volume-1"/);
    expectValid(result);
  });
});

describe('documents', () => {
  it('reads kind: List, notes other kinds, and skips a document that is not YAML', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${pvc('listed', '3Gi').trim().replace(/\n/g, '\n    ')}\n`;
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
    const broken = 'kind: [unclosed\n---\n' + policy('1h');
    const result = importText(list, deployment, broken);
    expect(specOf(result).applications[0].volumes[0]).toMatchObject({ name: 'listed', size: '3Gi' });
    expect(result.notes.join('\n')).toMatch(/Deployment web \(apps\/v1\): not a DR resource; skipped/);
    expect(result.warnings.join('\n')).toMatch(/manifest-3\.yaml:\d+:\d+: not valid YAML/);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('1h');
  });

  it('a file nested past the depth limit is skipped with where it passes it, before yaml composes it', () => {
    // 3,000 levels of '- ' would overflow yaml's recursive composer (see test/api/deep-yaml-text.test.ts); the 65th starts at column 129.
    const result = importText(policy('5m'), `kind: ConfigMap\n---\n${'- '.repeat(3_000)}1`);
    expect(result.warnings.join('\n')).toMatch(/manifest-2\.yaml:3:129: the document is nested more than 64 levels deep; file skipped/);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('5m');
  });

  it('a document whose aliases cannot be resolved is skipped with a warning, not a crash', () => {
    const dangling = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: *nowhere}\n';
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((key, index) => `${key}: &${key} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`)].join('\n');
    const result = importText(policy('5m'), dangling, bomb);
    expect(result.warnings.join('\n')).toMatch(/manifest-2\.yaml: cannot resolve the YAML/);
    expect(result.warnings.join('\n')).toMatch(/manifest-3\.yaml: cannot resolve the YAML/);
    expect(specOf(result).drPolicy.schedulingInterval).toBe('5m');
  });

  it('a DR kind under the wrong API group is a warning', () => {
    const result = importText(policy('5m'), 'apiVersion: ramen.example/v1\nkind: DRCluster\nmetadata: {name: east}\n');
    expect(result.warnings.join('\n')).toMatch(/apiVersion ramen.example\/v1 is not in the API group ramendr.openshift.io; skipped/);
  });

  it('input with nothing to import is an ImportError naming what was expected', () => {
    expect(() => importText('')).toThrow(ImportError);
    expect(() => importText('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n')).toThrow(/nothing to import from manifest-1\.yaml: no DRPolicy, DRCluster/);
    expect(() => importText('just text')).toThrow(ImportError);
  });
});

describe('the YAML output', () => {
  it('comments every assumed value in place and reads back as the same scenario', () => {
    const result = importText(policy('5m'), drCluster('east'), drCluster('west'), pvc('db', '8Gi'));
    const text = renderImportYaml(result);
    expect(text).toMatch(/^# Scenario imported by drsim import from RamenDR manifests:/);
    expect(text).toMatch(/^ {10}writeRate: 1MiB\/s # assumed: manifests do not give write rates/m);
    expect(parse(text)).toEqual(result.scenario);
    expect(text).toMatch(/^ {6}bandwidth: 1Gbps # assumed: manifests do not give the replication bandwidth/m);
    expect(text).toMatch(/^ {4}# assumed: manifests do not say which disaster to study[^\n]*\n {4}- kind: siteLoss/m);
    expect(text).toMatch(/^ {2}timings: \{\} # assumed: /m);
    expect(text).toMatch(/^ {4}drClusters: \[ east, west \]$/m);
    expect(text.match(/# assumed:/g)?.length).toBe(result.assumptions.length);
  });
});

describe('how a DRPC\'s application is deployed', () => {
  // As in ocm-ramen-samples: the applicationset and subscription overlays deploy through the DRPC's Placement.
  const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: busybox, namespace: openshift-gitops}
spec:
  generators:
    - clusterDecisionResource:
        configMapRef: acm-placement
        labelSelector: {matchLabels: {cluster.open-cluster-management.io/placement: busybox-placement}}
        requeueAfterSeconds: 180
  template: {metadata: {name: busybox}, spec: {project: default}}
`;
  const subscription = `apiVersion: apps.open-cluster-management.io/v1
kind: Subscription
metadata: {name: busybox-sub, namespace: busybox}
spec: {channel: ramen-samples/ramen-gitops, placement: {placementRef: {kind: Placement, name: busybox-placement}}}
`;
  const gitopsDrpc = drpc('busybox-drpc', 'placementRef: {kind: Placement, name: busybox-placement}, pvcSelector: {}');

  it('an ApplicationSet generating from the DRPC\'s placement: ApplicationSet', () => {
    const result = importText(policy('5m'), gitopsDrpc, appSet, pvc('data', '1Gi'));
    expect(specOf(result).applications[0].deployment).toBe('ApplicationSet');
    expectValid(result);
  });

  it('a Subscription placed by it: Subscription, with nothing assumed', () => {
    const result = importText(policy('5m'), gitopsDrpc, subscription, pvc('data', '1Gi'));
    expect(specOf(result).applications[0].deployment).toBe('Subscription');
    expect(assumedPaths(result)).not.toContain('spec.applications.0.deployment');
  });

  it('protectedNamespaces: Discovered, with Ramen\'s default capture when the DRPC has none', () => {
    const result = importText(policy('5m'), drpc('vm-drpc', 'protectedNamespaces: [vm-ns], pvcSelector: {}'), pvc('data', '1Gi'));
    const application = specOf(result).applications[0];
    expect(application.deployment).toBe('Discovered');
    expect(application.kubeObjectProtection.captureInterval).toBe('5m');
    expect(result.warnings.join('\n')).toMatch(/protectedNamespaces without kubeObjectProtection/);
    expectValid(result);
  });

  it('with nothing deploying through the placement: Subscription, said to be assumed, even with kubeObjectProtection', () => {
    const result = importText(policy('5m'), drpc('d', 'placementRef: {name: elsewhere}, kubeObjectProtection: {captureInterval: 10m}'), pvc('data', '1Gi'));
    expect(specOf(result).applications[0].deployment).toBe('Subscription');
    expect(assumedPaths(result)).toContain('spec.applications.0.deployment');
    expectValid(result);
  });
});
