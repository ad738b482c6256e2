/**
 * PVCs, DataVolumes and KubeVirt VirtualMachines -> VM disks and volumes. A
 * PVC or DataVolume that a VM mounts (a persistentVolumeClaim or dataVolume
 * volume, or one of its dataVolumeTemplates) is a disk of that VM; the rest
 * are volumes of non-VM workloads. Sizes come from the manifests; write
 * rates never do, so they are assumed.
 */
import { parseQuantity } from '../scenarios/index.js';
import { items, record, text, type LooseRecord } from '../scenarios/schema/loose.js';
import { ASSUMED } from './defaults.js';
import type { ImportLog, ScenarioPath } from './import-log.js';
import type { ManifestSet } from './manifest-set.js';
import type { NameMap } from './names.js';
import type { Manifest } from './recognise.js';

/** An assumption inside a VM or volume entry, before the entry has its place in the scenario. */
export interface LocalAssumption {
  path: ScenarioPath;
  note: string;
}

export interface StorageEntry {
  name: string;
  size: string;
  writeRate: string;
}

export interface Workload {
  kind: 'vm' | 'volume';
  /** The manifest it came from (for messages and for matching DRPCs). */
  source: Manifest;
  /** Labels a DRPC pvcSelector is matched against: the PVCs' and, for a VM, its own. */
  labels: Record<string, string>;
  entry: { name: string; disks: StorageEntry[] } | StorageEntry;
  assumptions: LocalAssumption[];
}

export interface WorkloadNames {
  vms: NameMap;
  volumes: NameMap;
}

/** A PVC, a DataVolume or a VM's dataVolumeTemplate: something that ends up as one RBD image. */
interface StorageClaim {
  name: string;
  namespace: string | undefined;
  size: unknown;
  labels: Record<string, string>;
  source: Manifest;
}

export function importWorkloads(set: ManifestSet, names: WorkloadNames, log: ImportLog): Workload[] {
  const claims = [
    ...set.ofKind('PersistentVolumeClaim').map((pvc) => claimOf(pvc, pvc.name, pvc.namespace, record(pvc.spec.resources), pvc.labels)),
    ...set.ofKind('DataVolume').map((dv) => claimOf(dv, dv.name, dv.namespace, dataVolumeResources(dv.spec), dv.labels)),
  ];
  const used = new Set<StorageClaim>();
  const workloads: Workload[] = [];
  for (const vm of set.ofKind('VirtualMachine')) {
    const workload = importVm(vm, claims, used, names, log);
    if (workload) workloads.push(workload);
  }
  for (const claim of claims) {
    if (used.has(claim)) continue;
    const assumptions: LocalAssumption[] = [];
    const entry = storageEntry(claim, names.volumes, [], assumptions, log);
    workloads.push({ kind: 'volume', source: claim.source, labels: claim.labels, entry, assumptions });
  }
  return workloads;
}

function claimOf(source: Manifest, name: string, namespace: string | undefined, resources: LooseRecord, labels: Record<string, string>): StorageClaim {
  return { name, namespace, size: record(resources.requests).storage, labels, source };
}

/** A DataVolume gives its size under spec.storage (the newer API) or spec.pvc. */
function dataVolumeResources(spec: LooseRecord): LooseRecord {
  return record(record(spec.storage).resources ?? record(spec.pvc).resources);
}

function importVm(vm: Manifest, claims: StorageClaim[], used: Set<StorageClaim>, names: WorkloadNames, log: ImportLog): Workload | null {
  const templates = items(vm.spec.dataVolumeTemplates).map((template) => {
    const metadata = record(record(template).metadata);
    const spec = record(record(template).spec);
    return claimOf(vm, text(metadata.name) ?? '', vm.namespace, dataVolumeResources(spec), {});
  });
  const volumes = items(record(record(vm.spec.template).spec).volumes).map(record);
  const assumptions: LocalAssumption[] = [];
  const disks: StorageEntry[] = [];
  for (const volume of volumes) {
    const claimName = text(record(volume.persistentVolumeClaim).claimName) ?? text(record(volume.dataVolume).name);
    if (claimName === undefined) continue; // containerDisk, cloudInit, ...: not replicated
    const claim =
      templates.find((template) => template.name === claimName) ??
      closestClaim(vm, claims.filter((candidate) => candidate.name === claimName && sameNamespace(candidate.namespace, vm.namespace)), used);
    const diskPath = ['disks', disks.length];
    if (claim) {
      used.add(claim);
      disks.push(storageEntry(claim, names.volumes, diskPath, assumptions, log));
    } else {
      log.warn(`${vm.label}: mounts ${claimName}, which is not in the manifests; its size is assumed`);
      disks.push(storageEntry({ name: claimName, namespace: vm.namespace, size: undefined, labels: {}, source: vm }, names.volumes, diskPath, assumptions, log));
    }
  }
  if (disks.length === 0) {
    log.warn(`${vm.label}: no persistentVolumeClaim or dataVolume disk, nothing that Ramen replicates; skipped`);
    return null;
  }
  const claimLabels = volumes.flatMap((volume) => {
    const claimName = text(record(volume.persistentVolumeClaim).claimName) ?? text(record(volume.dataVolume).name);
    return claims.filter((claim) => claim.name === claimName).map((claim) => claim.labels);
  });
  return {
    kind: 'vm',
    source: vm,
    labels: Object.assign({}, ...claimLabels, vm.labels),
    entry: { name: names.vms.of(vm.name, 'vm'), disks },
    assumptions,
  };
}

/**
 * Kustomize trees hold alternatives side by side (a vm-pvc and a vm-dv
 * variant, each with its own root-disk): prefer a claim no VM uses yet, then
 * the one whose file sits closest to the VM's.
 */
function closestClaim(vm: Manifest, candidates: StorageClaim[], used: ReadonlySet<StorageClaim>): StorageClaim | undefined {
  const score = (claim: StorageClaim) => (used.has(claim) ? 0 : 1_000_000) + sharedDirectoryDepth(claim.source.origin, vm.origin);
  return [...candidates].sort((a, b) => score(b) - score(a))[0];
}

function sharedDirectoryDepth(a: string, b: string): number {
  const left = a.split('/').slice(0, -1);
  const right = b.split('/').slice(0, -1);
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth++;
  return depth;
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function storageEntry(claim: StorageClaim, volumeNames: NameMap, path: ScenarioPath, assumptions: LocalAssumption[], log: ImportLog): StorageEntry {
  let size: string;
  const parsed = typeof claim.size === 'string' || typeof claim.size === 'number' ? parseQuantity(claim.size) : undefined;
  if (parsed?.ok && parsed.value > 0) {
    size = String(claim.size);
  } else {
    if (claim.size !== undefined) log.warn(`${claim.source.label}: storage request ${JSON.stringify(claim.size)} for ${claim.name} is not a usable size`);
    size = ASSUMED.storageSize;
    assumptions.push({ path: [...path, 'size'], note: `no storage request for ${claim.name || 'this volume'} in the manifests` });
  }
  assumptions.push({ path: [...path, 'writeRate'], note: 'manifests do not give write rates; writes spread over the whole volume' });
  return { name: volumeNames.of(claim.name, 'volume'), size, writeRate: ASSUMED.writeRate };
}
