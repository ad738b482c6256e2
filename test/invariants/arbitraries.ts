/**
 * fast-check generators of whole scenarios: replication mode, interval,
 * bandwidth, applications (volumes, VMs, kube-object protection) and their
 * write loads, where the hub and the S3 stores live, disasters (site,
 * cluster, hub, link, S3) with their instants and repairs, planned
 * operations, and the operator's response (action, decision delay, fencing).
 * The drsim seed and run index are generated too, so a counterexample that
 * fast-check prints names the exact run to replay.
 */
import fc from 'fast-check';
import { scenarioDocument } from '../models/scenario-builder.js';
import { parseScenarioObject, type Scenario } from '../../src/scenarios/index.js';

export type Mode = 'snapshot' | 'metro' | 'journal';

const site = fc.constantFrom('east', 'west', 'witness');
const dataSite = fc.constantFrom('east', 'west');
const cluster = fc.constantFrom('dr1', 'dr2');
const minutes = (min: number, max: number) => fc.integer({ min, max });

const storage = fc.record({
  sizeGiB: fc.integer({ min: 1, max: 16 }),
  workingSetPercent: fc.integer({ min: 10, max: 100 }),
  writeKiBps: fc.integer({ min: 0, max: 8192 }),
});

const application = fc.record({
  preferred: cluster,
  volumes: fc.array(storage, { maxLength: 2 }),
  vms: fc.array(fc.array(storage, { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
  kube: fc.option(
    fc.record({ captureMinutes: minutes(1, 10), objects: fc.integer({ min: 0, max: 50 }), changesPerHour: fc.integer({ min: 0, max: 60 }) }),
    { nil: undefined },
  ),
});

const instant = minutes(60, 1200);
const repair = fc.option(minutes(5, 360), { nil: undefined });

const disaster = fc.oneof(
  fc.record({ kind: fc.constant('siteLoss'), target: site, atMinutes: instant, repairMinutes: repair }),
  fc.record({ kind: fc.constant('clusterLoss'), target: cluster, atMinutes: instant, repairMinutes: repair }),
  fc.record({ kind: fc.constant('hubLoss'), target: fc.constant('hub'), atMinutes: instant, repairMinutes: repair }),
  fc.record({ kind: fc.constant('linkCut'), target: site, atMinutes: instant, repairMinutes: repair, fromAll: fc.boolean() }),
  fc.record({ kind: fc.constant('s3Outage'), target: fc.constantFrom('s3-east', 's3-west'), atMinutes: instant, repairMinutes: repair }),
);

export const studyArbitrary = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  runIndex: fc.integer({ min: 0, max: 999 }),
  mode: fc.constantFrom<Mode>('snapshot', 'snapshot', 'metro', 'journal'),
  intervalMinutes: minutes(1, 30),
  bandwidthMbps: fc.integer({ min: 20, max: 10_000 }),
  schedulerLagSeconds: fc.integer({ min: 0, max: 60 }),
  hubSite: site,
  s3InWitness: fc.tuple(fc.boolean(), fc.boolean()),
  applications: fc.array(application, { minLength: 1, maxLength: 2 }),
  disasters: fc.array(disaster, { maxLength: 3 }),
  operations: fc.array(fc.record({ action: fc.constantFrom('Relocate', 'Failover'), atMinutes: instant, app: fc.nat(1) }), { maxLength: 2 }),
  response: fc.record({
    action: fc.constantFrom('Failover', 'Failover', 'Relocate'),
    decisionMinutes: minutes(0, 20),
    fencing: fc.constantFrom('Fenced', 'ManuallyFenced', 'None'),
  }),
});

export type Study = typeof studyArbitrary extends fc.Arbitrary<infer T> ? T : never;

const disk = (prefix: string) => (item: Study['applications'][number]['volumes'][number], index: number) => ({
  name: `${prefix}${index}`,
  size: `${item.sizeGiB}Gi`,
  workingSet: `${Math.max(1, Math.round((item.sizeGiB * 1024 * item.workingSetPercent) / 100))}Mi`,
  writeRate: `${item.writeKiBps}KiB/s`,
});

/** The scenario document of a generated study (always valid). */
export function studySpec(study: Study): Record<string, unknown> {
  const metro = study.mode === 'metro';
  return {
    seed: study.seed,
    horizon: '1d',
    hub: { site: study.hubSite, restoreTime: '30m' },
    links: [{ between: ['east', 'west'], bandwidth: `${study.bandwidthMbps}Mbps`, rtt: metro ? '2ms' : '20ms' }],
    s3Profiles: [
      { name: 's3-east', site: study.s3InWitness[0] ? 'witness' : 'east' },
      { name: 's3-west', site: study.s3InWitness[1] ? 'witness' : 'west' },
    ],
    drPolicy: {
      drClusters: ['dr1', 'dr2'],
      schedulingInterval: metro ? '' : `${study.intervalMinutes}m`,
      mirroringMode: study.mode === 'journal' ? 'journal' : 'snapshot',
    },
    applications: study.applications.map((app, index) => ({
      name: `app${index}`,
      preferredCluster: app.preferred,
      volumes: app.volumes.length === 0 && app.vms.length === 0 ? [disk('pvc')({ sizeGiB: 1, workingSetPercent: 100, writeKiBps: 64 }, 0)] : app.volumes.map(disk('pvc')),
      vms: app.vms.map((disks, vmIndex) => ({ name: `vm${vmIndex}`, disks: disks.map(disk('disk')) })),
      ...(app.kube ? { kubeObjectProtection: { captureInterval: `${app.kube.captureMinutes}m`, objects: app.kube.objects, changeRate: `${app.kube.changesPerHour}/h` } } : {}),
    })),
    disasters: study.disasters.map((item) => ({
      kind: item.kind,
      target: item.target,
      at: `${item.atMinutes}m`,
      ...(item.repairMinutes === undefined ? {} : { repairAfter: `${item.repairMinutes}m` }),
      ...('fromAll' in item && !item.fromAll ? { from: [item.target === 'west' ? 'east' : 'west'] } : {}),
    })),
    operations: study.operations.map((item) => ({ action: item.action, at: `${item.atMinutes}m`, app: `app${Math.min(item.app, study.applications.length - 1)}` })),
    response: { action: study.response.action, decisionDelay: `${study.response.decisionMinutes}m`, fencing: study.response.fencing },
    timings: { schedulerLagMax: `${study.schedulerLagSeconds}s` },
  };
}

export function studyScenario(study: Study): Scenario {
  const result = parseScenarioObject(scenarioDocument(studySpec(study), 'generated'));
  if (!result.ok) throw new Error(`generated an invalid scenario:\n${result.errors.map((issue) => `${issue.path}: ${issue.message}`).join('\n')}`);
  return result.scenario;
}

/**
 * fast-check parameters that replay a failure from the seed and path it
 * printed (FC_SEED=... FC_PATH=... npx vitest run <file>); FC_RUNS runs more
 * cases. Shrinking, which reruns whole simulations, is bounded in time.
 */
export function replayParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
  return { numRuns, seed, path: process.env.FC_PATH, interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true };
}
