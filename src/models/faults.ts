/**
 * Faults: what a disaster (or a test) does to the topology, and the matching
 * repair. Applying one only changes who is up and who reaches whom; the run
 * driver then lets the world react (crashes, DR triggers, waiting workflows).
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { World } from './world.js';

export type Fault =
  | { kind: 'siteLoss'; site: string }
  | { kind: 'siteRepair'; site: string }
  | { kind: 'clusterLoss'; cluster: string }
  | { kind: 'clusterRepair'; cluster: string }
  | { kind: 'hubLoss' }
  | { kind: 'hubRestore' }
  /** Partitions `site` from the `from` sites (all others when empty). */
  | { kind: 'linkCut'; site: string; from?: readonly string[] }
  | { kind: 'linkHeal'; partition: number }
  | { kind: 's3Outage'; store: string }
  | { kind: 's3Restore'; store: string };

export type FaultKind = Fault['kind'];

const FAULT_KINDS: ReadonlySet<string> = new Set<FaultKind>([
  'siteLoss',
  'siteRepair',
  'clusterLoss',
  'clusterRepair',
  'hubLoss',
  'hubRestore',
  'linkCut',
  'linkHeal',
  's3Outage',
  's3Restore',
]);

export function isFault(action: { kind: string }): action is Fault {
  return FAULT_KINDS.has(action.kind);
}

/**
 * Applies `fault` to the world's topology (without notifying the world; the
 * caller does, once). Returns the partition id of a link cut, else -1.
 */
export function applyFault(world: World, fault: Fault): number {
  const topology = world.topology;
  switch (fault.kind) {
    case 'siteLoss':
      topology.setSiteUp(fault.site, false);
      if (world.mode === 'metro') world.startMetroStall(fault.site);
      return -1;
    case 'siteRepair':
      topology.setSiteUp(fault.site, true);
      return -1;
    case 'clusterLoss':
      topology.setClusterUp(fault.cluster, false);
      return -1;
    case 'clusterRepair':
      topology.setClusterUp(fault.cluster, true);
      return -1;
    case 'hubLoss':
      topology.setHubUp(false);
      return -1;
    case 'hubRestore':
      world.restoreHub();
      return -1;
    case 'linkCut':
      return topology.cut(fault.site, fault.from ?? []);
    case 'linkHeal':
      topology.heal(fault.partition);
      return -1;
    case 's3Outage':
      topology.setS3Up(fault.store, false);
      return -1;
    case 's3Restore':
      topology.setS3Up(fault.store, true);
      return -1;
  }
}

type Disaster = Scenario['spec']['disasters'][number];

/** The fault a scenario disaster applies. */
export function disasterFault(disaster: Disaster): Fault {
  const target = disaster.target;
  switch (disaster.kind) {
    case 'siteLoss':
      return { kind: 'siteLoss', site: target };
    case 'clusterLoss':
      return { kind: 'clusterLoss', cluster: target };
    case 'hubLoss':
      return { kind: 'hubLoss' };
    case 'linkCut':
      return { kind: 'linkCut', site: target, from: disaster.from ?? [] };
    case 's3Outage':
      return { kind: 's3Outage', store: target };
  }
}

/** The fault that repairs `struck` (a link cut needs the partition it made). */
export function repairFault(struck: Fault, partition: number): Fault {
  switch (struck.kind) {
    case 'siteLoss':
      return { kind: 'siteRepair', site: struck.site };
    case 'clusterLoss':
      return { kind: 'clusterRepair', cluster: struck.cluster };
    case 'hubLoss':
      return { kind: 'hubRestore' };
    case 'linkCut':
      return { kind: 'linkHeal', partition };
    case 's3Outage':
      return { kind: 's3Restore', store: struck.store };
    default:
      throw new Error(`${struck.kind} is a repair, not a fault to repair`);
  }
}
