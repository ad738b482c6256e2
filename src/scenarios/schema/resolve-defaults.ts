/**
 * Defaults that depend on other fields (the other DR cluster, a timing, the
 * other sites). Runs once the spec is valid; plain defaults live on the fields.
 */
import { defaultDiskName } from './cross-checks.js';
import type { ParsedSpecFields } from './scenario.js';

export function resolveSpecDefaults(spec: ParsedSpecFields) {
  const timings = spec.timings;
  const [firstCluster, secondCluster] = spec.drPolicy.drClusters;
  const siteNames = spec.sites.map((site) => site.name);
  return {
    ...spec,
    hub: { site: spec.hub.site, restoreTime: spec.hub.restoreTime ?? timings.hubRestoreTime },
    clusters: spec.clusters.map((cluster) => ({ ...cluster, region: cluster.region ?? cluster.site })),
    drPolicy: { ...spec.drPolicy, drClusters: [firstCluster, secondCluster] as [string, string] },
    applications: spec.applications.map((application) => {
      const preferredCluster = application.preferredCluster ?? firstCluster;
      return {
        ...application,
        preferredCluster,
        failoverCluster: application.failoverCluster ?? (preferredCluster === firstCluster ? secondCluster : firstCluster),
        // GitOps apps normally leave kubeObjectProtection unset; discovered apps need it (ramen e2e dractions).
        deployment: application.deployment ?? (application.kubeObjectProtection ? 'Discovered' : 'Subscription'),
        vms: application.vms.map((vm) => ({
          ...vm,
          boot: vm.boot ?? timings.vmBoot,
          crashRecovery: vm.crashRecovery ?? timings.vmCrashRecovery,
          disks: vm.disks.map((disk, index) => ({
            ...disk,
            name: disk.name ?? defaultDiskName(index),
            ...storageDefaults(disk),
          })),
        })),
        volumes: application.volumes.map((volume) => ({ ...volume, ...storageDefaults(volume) })),
      };
    }),
    disasters: spec.disasters.map((disaster) =>
      disaster.kind === 'linkCut' && disaster.from === undefined
        ? { ...disaster, from: siteNames.filter((site) => site !== disaster.target) }
        : disaster,
    ),
  };
}

/** A disk's or volume's allocated bytes default to its size, its working set to the allocated bytes. */
function storageDefaults(storage: { size: number; workingSet?: number; allocated?: number }) {
  const allocated = storage.allocated ?? storage.size;
  return { allocated, workingSet: storage.workingSet ?? allocated };
}
