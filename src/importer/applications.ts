/**
 * DRPlacementControls (and VRGs) -> spec.applications, each with the VMs and
 * volumes its pvcSelector picks. A VRG with the same name or namespace as a
 * DRPC is the managed-cluster side of that DRPC and only completes it; a VRG
 * on its own is an application of its own.
 */
import { parseDuration } from '../scenarios/index.js';
import type { ApplicationDeployment } from '../scenarios/schema/scenario.js';
import { items, record, text } from '../scenarios/schema/loose.js';
import { ASSUMED } from './defaults.js';
import type { ImportLog, ScenarioPath } from './import-log.js';
import { parseLabelSelector, selects, type LabelSelector } from './label-selector.js';
import type { ManifestSet } from './manifest-set.js';
import type { NameMap } from './names.js';
import type { Manifest } from './recognise.js';
import type { LocalAssumption, StorageEntry, Workload } from './workloads.js';

export interface ImportedApplication {
  name: string;
  preferredCluster: string;
  failoverCluster: string;
  kubeObjectProtection?: { captureInterval: string; objects: number; changeRate: string };
  deployment?: ApplicationDeployment;
  vms: { name: string; disks: StorageEntry[] }[];
  volumes: StorageEntry[];
}

interface Draft {
  application: ImportedApplication;
  /** pvcSelector of the DRPC (or VRG); without requirements it selects nothing in particular. */
  selector: LabelSelector;
  namespace: string | undefined;
  assumptions: LocalAssumption[];
}

export interface ApplicationNames {
  applications: NameMap;
  clusters: NameMap;
}

export function importApplications(
  set: ManifestSet,
  drClusters: readonly [string, string],
  s3ProfileNames: readonly string[],
  workloads: readonly Workload[],
  names: ApplicationNames,
  log: ImportLog,
): ImportedApplication[] {
  const drpcs = set.ofKind('DRPlacementControl');
  const vrgs = set.ofKind('VolumeReplicationGroup');
  const vrgOf = pairVrgs(drpcs, vrgs);
  const drafts = drpcs.map((drpc) => draftFromDrpc(drpc, vrgOf.get(drpc), set, drClusters, names, log));
  for (const vrg of vrgs) {
    checkVrgProfiles(vrg, s3ProfileNames, log);
    if (![...vrgOf.values()].includes(vrg)) drafts.push(draftFromVrg(vrg, drClusters, names, log));
  }
  if (drafts.length === 0) drafts.push(assumedDraft(workloads, drClusters, names, log));

  for (const workload of workloads) {
    const draft = drafts[applicationIndexFor(workload, drafts, log)];
    const application = draft.application;
    const base: ScenarioPath = workload.kind === 'vm' ? ['vms', application.vms.length] : ['volumes', application.volumes.length];
    if (workload.kind === 'vm') application.vms.push(workload.entry as ImportedApplication['vms'][number]);
    else application.volumes.push(workload.entry as StorageEntry);
    for (const assumption of workload.assumptions) draft.assumptions.push({ path: [...base, ...assumption.path], note: assumption.note });
  }

  return drafts.map((draft, index) => {
    const application = draft.application;
    makeNamesUnique(application.vms, `VMs of ${application.name}`, log);
    makeNamesUnique(application.volumes, `volumes of ${application.name}`, log);
    for (const vm of application.vms) makeNamesUnique(vm.disks, `disks of VM ${vm.name}`, log);
    if (application.vms.length === 0 && application.volumes.length === 0) {
      application.volumes.push({ name: 'data', size: ASSUMED.storageSize, writeRate: ASSUMED.writeRate });
      draft.assumptions.push({ path: ['volumes', 0], note: 'the manifests give no PVC or VM for this application; one volume so that it protects some data' });
    }
    for (const assumption of draft.assumptions) log.assume(['spec', 'applications', index, ...assumption.path], assumption.note);
    return inOrder(application);
  });
}

/** The field order of the hand-written scenarios; empty lists left out. */
function inOrder(application: ImportedApplication): ImportedApplication {
  const { name, preferredCluster, failoverCluster, kubeObjectProtection, deployment, vms, volumes } = application;
  return {
    name,
    preferredCluster,
    failoverCluster,
    ...(kubeObjectProtection ? { kubeObjectProtection } : {}),
    ...(deployment ? { deployment } : {}),
    ...(vms.length > 0 ? { vms } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
  } as ImportedApplication;
}

/** Ramen names a DRPC's VRG after the DRPC and puts it in the application's namespace. */
function pairVrgs(drpcs: Manifest[], vrgs: Manifest[]): Map<Manifest, Manifest> {
  const pairs = new Map<Manifest, Manifest>();
  const free = new Set(vrgs);
  const take = (drpc: Manifest, match: (vrg: Manifest) => boolean) => {
    const vrg = [...free].find(match);
    if (vrg) {
      pairs.set(drpc, vrg);
      free.delete(vrg);
    }
  };
  for (const drpc of drpcs) take(drpc, (vrg) => vrg.name === drpc.name);
  for (const drpc of drpcs) if (!pairs.has(drpc) && drpc.namespace) take(drpc, (vrg) => vrg.namespace === drpc.namespace);
  if (drpcs.length === 1 && vrgs.length === 1 && pairs.size === 0) pairs.set(drpcs[0], vrgs[0]);
  return pairs;
}

function draftFromDrpc(
  drpc: Manifest,
  vrg: Manifest | undefined,
  set: ManifestSet,
  drClusters: readonly [string, string],
  names: ApplicationNames,
  log: ImportLog,
): Draft {
  const draft = newDraft(names.applications.of(drpc.name, ASSUMED.applicationName), drpc, drClusters, names, log);
  const action = text(drpc.spec.action);
  if (action) {
    log.warn(`${drpc.label}: spec.action is ${action}; the scenario starts from the deployed state, with ${draft.application.preferredCluster} primary`);
  }
  const protection = drpc.spec.kubeObjectProtection ?? vrg?.spec.kubeObjectProtection;
  if (protection !== undefined) {
    const drpcInterval = record(drpc.spec.kubeObjectProtection).captureInterval;
    const vrgInterval = record(vrg?.spec.kubeObjectProtection).captureInterval;
    if (drpcInterval !== undefined && vrgInterval !== undefined && drpcInterval !== vrgInterval) {
      log.warn(`${vrg!.label}: kubeObjectProtection.captureInterval ${String(vrgInterval)} differs from the DRPC's ${String(drpcInterval)}; the DRPC's is used`);
    }
    draft.application.kubeObjectProtection = kubeObjectProtection(drpcInterval ?? vrgInterval, drpc.spec.kubeObjectProtection ? drpc : vrg!, draft, log);
  }
  draft.application.deployment = deploymentOf(drpc, set, draft, log);
  return draft;
}

/** The label an ApplicationSet's clusterDecisionResource generator selects a Placement's decisions by. */
const PLACEMENT_LABEL = 'cluster.open-cluster-management.io/placement';

/**
 * How the DRPC's application is deployed: Discovered when the DRPC protects
 * namespaces (spec.protectedNamespaces, Ramen's discovered applications);
 * otherwise by what deploys through its Placement: an ApplicationSet whose
 * clusterDecisionResource generator selects that placement's decisions, or a
 * Subscription whose spec.placement.placementRef names it (as in
 * ocm-ramen-samples' applicationset and subscription overlays).
 */
function deploymentOf(drpc: Manifest, set: ManifestSet, draft: Draft, log: ImportLog): ApplicationDeployment {
  if (items(drpc.spec.protectedNamespaces).length > 0) {
    if (draft.application.kubeObjectProtection === undefined) {
      log.warn(`${drpc.label}: spec.protectedNamespaces without kubeObjectProtection; a discovered application comes back only from its captures, so Ramen's default capture is assumed`);
      draft.application.kubeObjectProtection = kubeObjectProtection(undefined, drpc, draft, log);
    }
    return 'Discovered';
  }
  const placement = text(record(drpc.spec.placementRef).name);
  const namespace = drpc.namespace;
  const sameNamespace = (manifest: Manifest) => namespace === undefined || manifest.namespace === undefined || manifest.namespace === namespace;
  if (placement !== undefined) {
    const appSet = set.ofKind('ApplicationSet').find((candidate) =>
      items(candidate.spec.generators).some((generator) => {
        const selector = record(record(record(generator).clusterDecisionResource).labelSelector);
        return record(selector.matchLabels)[PLACEMENT_LABEL] === placement;
      }),
    );
    if (appSet) return 'ApplicationSet';
    const subscription = set
      .ofKind('Subscription')
      .find((candidate) => sameNamespace(candidate) && text(record(record(candidate.spec.placement).placementRef).name) === placement);
    if (subscription) return 'Subscription';
  }
  const why = placement === undefined ? 'the DRPC names no placementRef' : `no Subscription or ApplicationSet in the manifests deploys through placement ${placement}`;
  if (draft.application.kubeObjectProtection !== undefined) {
    draft.assumptions.push({ path: ['deployment'], note: `${why}; with kubeObjectProtection and no protectedNamespaces, a GitOps application (Subscription)` });
  } else {
    draft.assumptions.push({ path: ['deployment'], note: `${why}; an OCM Subscription, the default` });
  }
  return 'Subscription';
}

function draftFromVrg(vrg: Manifest, drClusters: readonly [string, string], names: ApplicationNames, log: ImportLog): Draft {
  const draft = newDraft(names.applications.of(vrg.name, ASSUMED.applicationName), vrg, drClusters, names, log);
  if (vrg.spec.kubeObjectProtection !== undefined) {
    draft.application.kubeObjectProtection = kubeObjectProtection(record(vrg.spec.kubeObjectProtection).captureInterval, vrg, draft, log);
  }
  return draft;
}

/** No DRPC and no VRG: one application holds every workload. */
function assumedDraft(workloads: readonly Workload[], drClusters: readonly [string, string], names: ApplicationNames, log: ImportLog): Draft {
  const first = workloads[0]?.entry.name;
  const draft = newDraft(names.applications.of(first ?? ASSUMED.applicationName, ASSUMED.applicationName), undefined, drClusters, names, log);
  draft.assumptions.push({ path: ['name'], note: 'no DRPlacementControl or VRG; one application protects every PVC and VM' });
  return draft;
}

function newDraft(name: string, source: Manifest | undefined, drClusters: readonly [string, string], names: ApplicationNames, log: ImportLog): Draft {
  const assumptions: LocalAssumption[] = [];
  const isDrpc = source?.kind === 'DRPlacementControl';
  const clusterField = (field: 'preferredCluster' | 'failoverCluster') => {
    const raw = isDrpc ? text(source.spec[field]) : undefined;
    if (raw === undefined || raw === '') return undefined;
    const cluster = names.clusters.of(raw, 'cluster');
    if (drClusters.includes(cluster)) return cluster;
    log.warn(`${source!.label}: spec.${field} ${raw} is not one of the policy's clusters (${drClusters.join(', ')}); ignored`);
    return undefined;
  };
  let preferredCluster = clusterField('preferredCluster');
  if (preferredCluster === undefined) {
    preferredCluster = drClusters[0];
    const why = isDrpc
      ? 'the DRPC gives no usable preferredCluster'
      : source
        ? 'a VRG does not say which cluster is home'
        : 'no DRPlacementControl says which cluster is home';
    assumptions.push({ path: ['preferredCluster'], note: `${why}; the policy's first cluster` });
  }
  const other = preferredCluster === drClusters[0] ? drClusters[1] : drClusters[0];
  let failoverCluster = clusterField('failoverCluster');
  if (failoverCluster === preferredCluster) {
    log.warn(`${source!.label}: spec.failoverCluster is the preferredCluster; the other cluster, ${other}, is used`);
    failoverCluster = undefined;
  }
  if (failoverCluster === undefined) {
    failoverCluster = other;
    const why = isDrpc ? 'a DRPC names its failoverCluster only when failing over' : 'no DRPlacementControl names one';
    assumptions.push({ path: ['failoverCluster'], note: `${why}; the other cluster of the policy` });
  }
  const selector = pvcSelectorOf(source, log);
  return {
    application: { name, preferredCluster, failoverCluster, vms: [], volumes: [] },
    selector,
    namespace: source?.namespace,
    assumptions,
  };
}

function pvcSelectorOf(source: Manifest | undefined, log: ImportLog): LabelSelector {
  return parseLabelSelector(source?.spec.pvcSelector, (message) => log.warn(`${source!.label}: spec.pvcSelector.${message}`));
}

function kubeObjectProtection(interval: unknown, source: Manifest, draft: Draft, log: ImportLog): NonNullable<ImportedApplication['kubeObjectProtection']> {
  let captureInterval: string = ASSUMED.captureInterval;
  const parsed = typeof interval === 'string' ? parseDuration(interval) : undefined;
  if (parsed?.ok && parsed.value > 0) {
    captureInterval = interval as string;
  } else {
    if (interval !== undefined) log.warn(`${source.label}: kubeObjectProtection.captureInterval ${JSON.stringify(interval)} is not a usable duration; Ramen's default 5m is used`);
    draft.assumptions.push({ path: ['kubeObjectProtection', 'captureInterval'], note: 'no captureInterval; Ramen\'s default' });
  }
  draft.assumptions.push({ path: ['kubeObjectProtection', 'objects'], note: 'manifests do not say how many objects a capture holds' });
  draft.assumptions.push({ path: ['kubeObjectProtection', 'changeRate'], note: 'manifests do not say how often protected objects change' });
  return { captureInterval, objects: ASSUMED.kubeObjects, changeRate: ASSUMED.kubeObjectChangeRate };
}

function checkVrgProfiles(vrg: Manifest, s3ProfileNames: readonly string[], log: ImportLog): void {
  for (const profile of items(vrg.spec.s3Profiles)) {
    if (typeof profile === 'string' && !s3ProfileNames.includes(profile)) {
      log.warn(`${vrg.label}: spec.s3Profiles lists ${profile}, which is no DRCluster's s3ProfileName; drsim models the DRClusters' stores only`);
    }
  }
}

/** Which application a PVC or VM belongs to: the DRPC whose pvcSelector matches it, else one in its namespace. */
function applicationIndexFor(workload: Workload, drafts: readonly Draft[], log: ImportLog): number {
  if (drafts.length === 1) return 0;
  const bySelector = drafts.findIndex((draft) => draft.selector.length > 0 && selects(draft.selector, workload.labels));
  if (bySelector >= 0) return bySelector;
  const namespace = workload.source.namespace;
  const byNamespace = namespace === undefined ? -1 : drafts.findIndex((draft) => draft.namespace === namespace);
  if (byNamespace >= 0) return byNamespace;
  log.warn(`${workload.source.label}: no DRPlacementControl's pvcSelector or namespace matches it; added to application ${drafts[0].application.name}`);
  return 0;
}

function makeNamesUnique(entries: { name: string }[], what: string, log: ImportLog): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    let name = entry.name;
    for (let suffix = 2; seen.has(name); suffix++) name = `${entry.name.slice(0, 60)}-${suffix}`;
    if (name !== entry.name) log.warn(`${what}: a second ${entry.name}; imported as ${name}`);
    entry.name = name;
    seen.add(name);
  }
}
