/**
 * DRPolicy -> spec.drPolicy: the policy the applications use, its two
 * clusters and its schedulingInterval ("" is Metro-DR), cross-checked with
 * the VRGs and VolumeReplicationClasses that Ramen matches against it.
 */
import { parseSchedulingInterval } from '../scenarios/index.js';
import { items, record, text } from '../scenarios/schema/loose.js';
import { ASSUMED } from './defaults.js';
import type { ImportLog } from './import-log.js';
import type { ManifestSet } from './manifest-set.js';
import type { NameMap } from './names.js';
import type { Manifest } from './recognise.js';

const POLICY_PATH = ['spec', 'drPolicy'] as const;

export interface ImportedPolicy {
  drPolicy: {
    name: string;
    drClusters: [string, string];
    schedulingInterval: string;
    mirroringMode?: 'snapshot' | 'journal';
  };
  metro: boolean;
}

export function importPolicy(set: ManifestSet, clusterNames: NameMap, policyNames: NameMap, log: ImportLog): ImportedPolicy {
  const { policy, name: rawName } = choosePolicy(set, log);
  const name = rawName ? policyNames.of(rawName, 'dr-policy') : assumedPolicyName(log);
  const drClusters = chooseClusterPair(policy, set, clusterNames, log);
  const schedulingInterval = resolveInterval(policy, set, log);
  const metro = schedulingInterval === '';
  crossCheckInterval(schedulingInterval, set, log);
  const mirroringMode = metro ? undefined : mirroringModeOf(set, log);
  return {
    drPolicy: { name, drClusters, schedulingInterval, ...(mirroringMode ? { mirroringMode } : {}) },
    metro,
  };
}

function assumedPolicyName(log: ImportLog): string {
  log.assume([...POLICY_PATH, 'name'], 'no DRPolicy in the manifests');
  return 'dr-policy';
}

/** The DRPolicy the DRPCs refer to, else the first one; its name even when only a DRPC names it. */
function choosePolicy(set: ManifestSet, log: ImportLog): { policy: Manifest | undefined; name: string | undefined } {
  const policies = set.ofKind('DRPolicy');
  const referenced = set
    .ofKind('DRPlacementControl')
    .map((drpc) => text(record(drpc.spec.drPolicyRef).name))
    .filter((name): name is string => name !== undefined && name !== '');
  const wanted = referenced[0];
  const chosen = policies.find((policy) => policy.name === wanted) ?? policies[0];
  if (wanted !== undefined && policies.length > 0 && chosen.name !== wanted) {
    log.warn(`the DRPlacementControls refer to DRPolicy ${wanted}, which is not in the manifests; using DRPolicy ${chosen.name}`);
  }
  const name = chosen?.name || wanted;
  for (const other of new Set(referenced)) {
    if (other !== name) log.warn(`a DRPlacementControl refers to DRPolicy ${other}; a scenario has one policy, so ${name} is used for all`);
  }
  for (const policy of policies) {
    if (policy !== chosen) log.warn(`${policy.label}: a scenario has one DRPolicy; ignored (using ${name})`);
  }
  return { policy: chosen, name };
}

/** Exactly two distinct clusters: the policy's, completed from DRClusters, DRPCs, then defaults. */
function chooseClusterPair(policy: Manifest | undefined, set: ManifestSet, clusterNames: NameMap, log: ImportLog): [string, string] {
  const listed = items(policy?.spec.drClusters).filter((name): name is string => typeof name === 'string' && name !== '');
  if (policy && (listed.length !== 2 || listed[0] === listed[1])) {
    log.warn(`${policy.label}: spec.drClusters must name exactly 2 different clusters (Ramen: "drClusters requires a list of 2 clusters"), got ${JSON.stringify(policy.spec.drClusters ?? null)}`);
  }
  const candidates = [
    ...listed,
    ...set.ofKind('DRCluster').map((cluster) => cluster.name),
    ...set.ofKind('DRPlacementControl').flatMap((drpc) => [text(drpc.spec.preferredCluster), text(drpc.spec.failoverCluster)]),
  ]
    .filter((name): name is string => name !== undefined && name !== '')
    .map((name) => clusterNames.of(name, 'cluster'));
  const pair = [...new Set(candidates)].slice(0, 2);
  const fromManifests = pair.length;
  for (const fallback of ASSUMED.clusterNames) if (pair.length < 2 && !pair.includes(fallback)) pair.push(fallback);
  if (fromManifests < 2) {
    log.assume([...POLICY_PATH, 'drClusters'], fromManifests === 0 ? 'no DRPolicy or DRCluster names the clusters' : 'only one cluster is named in the manifests');
  } else if (listed.length !== 2) {
    log.assume([...POLICY_PATH, 'drClusters'], 'taken from the DRClusters and DRPlacementControls, not from a DRPolicy');
  }
  return [pair[0], pair[1]];
}

/**
 * The interval: the DRPolicy's, else a VRG's (async interval, or sync for
 * Metro-DR), else a VolumeReplicationClass's, else assumed.
 */
function resolveInterval(policy: Manifest | undefined, set: ManifestSet, log: ImportLog): string {
  if (policy) {
    const raw = policy.spec.schedulingInterval;
    if (typeof raw === 'string') {
      const parsed = parseSchedulingInterval(raw);
      if (parsed.ok) return raw;
      log.warn(`${policy.label}: spec.schedulingInterval "${raw}" ${parsed.problem}; not used`);
    } else if (raw !== null && typeof raw === 'object' && Object.keys(raw).length === 0) {
      log.warn(`${policy.label}: spec.schedulingInterval: {} is stale (old Metro-DR samples); the API field is a string and "" means Metro-DR; imported as Metro-DR`);
      return '';
    } else if (raw === undefined || raw === null) {
      log.warn(`${policy.label}: spec.schedulingInterval is missing (the CRD requires it; "" for Metro-DR)`);
    } else {
      log.warn(`${policy.label}: spec.schedulingInterval ${JSON.stringify(raw)} is not a string; not used`);
    }
  }
  for (const vrg of set.ofKind('VolumeReplicationGroup')) {
    const interval = text(record(vrg.spec.async).schedulingInterval);
    if (interval !== undefined && parseSchedulingInterval(interval).ok && interval !== '') return interval;
    if (vrg.spec.sync !== undefined && vrg.spec.async === undefined) return '';
  }
  for (const vrc of set.ofKind('VolumeReplicationClass')) {
    const interval = text(record(vrc.object.parameters).schedulingInterval);
    if (interval !== undefined && interval !== '' && parseSchedulingInterval(interval).ok) return interval;
  }
  log.assume([...POLICY_PATH, 'schedulingInterval'], 'no usable schedulingInterval in a DRPolicy, VRG or VolumeReplicationClass; Regional-DR assumed');
  return ASSUMED.schedulingInterval;
}

function crossCheckInterval(interval: string, set: ManifestSet, log: ImportLog): void {
  const shown = interval === '' ? '"" (Metro-DR)' : interval;
  for (const vrg of set.ofKind('VolumeReplicationGroup')) {
    const async = vrg.spec.async;
    const vrgInterval = text(record(async).schedulingInterval);
    if (async === undefined && vrg.spec.sync === undefined) {
      log.warn(`${vrg.label}: neither spec.async nor spec.sync is set; Ramen rejects such a VRG`);
    } else if (async !== undefined && vrgInterval !== interval) {
      log.warn(`${vrg.label}: spec.async.schedulingInterval ${JSON.stringify(vrgInterval ?? null)} differs from the policy's ${shown}; the policy's is used`);
    } else if (async === undefined && interval !== '') {
      log.warn(`${vrg.label}: spec.sync (Metro-DR) but the policy's interval is ${shown}; the policy's is used`);
    }
  }
  if (interval === '') return;
  for (const vrc of set.ofKind('VolumeReplicationClass')) {
    const parameters = record(vrc.object.parameters);
    const vrcInterval = text(parameters.schedulingInterval);
    if (vrcInterval !== undefined && vrcInterval !== interval) {
      log.warn(`${vrc.label}: parameters.schedulingInterval ${vrcInterval} differs from the policy's ${shown}; Ramen pairs a policy only with classes of the same interval, so this class would not be used`);
    }
    if (parameters.schedulingStartTime !== undefined) {
      log.warn(`${vrc.label}: parameters.schedulingStartTime is not modelled; snapshots fire on the interval's wall-clock grid`);
    }
  }
}

function mirroringModeOf(set: ManifestSet, log: ImportLog): 'snapshot' | 'journal' | undefined {
  let mode: 'snapshot' | 'journal' | undefined;
  for (const vrc of set.ofKind('VolumeReplicationClass')) {
    const value = record(vrc.object.parameters).mirroringMode;
    if (value === undefined) continue;
    if (value !== 'snapshot' && value !== 'journal') {
      log.warn(`${vrc.label}: parameters.mirroringMode ${JSON.stringify(value)} is not snapshot or journal; ignored`);
    } else if (mode !== undefined && mode !== value) {
      log.warn(`${vrc.label}: parameters.mirroringMode ${value} differs from another class's ${mode}; ${mode} is used`);
    } else {
      mode = value;
    }
  }
  return mode;
}
