/**
 * Fields the current Ramen API does not have. Old samples still carry some
 * (`captureOrder`, `recoverOrder`, see test/fixtures/ramen-samples/README.md);
 * others are typos. Either way the importer warns and goes on: a stale field
 * changes nothing drsim models.
 */
import { record } from '../scenarios/schema/loose.js';
import type { ImportLog } from './import-log.js';
import type { Manifest, ManifestKind } from './recognise.js';

const KUBE_OBJECT_PROTECTION_FIELDS = ['captureInterval', 'recipeRef', 'recipeParameters', 'kubeObjectSelector'];

/** Spec fields of the current API (ramen-facts section 1), per kind the importer checks. */
const SPEC_FIELDS: Partial<Record<ManifestKind, readonly string[]>> = {
  DRPolicy: [
    'schedulingInterval',
    'drClusters',
    'replicationClassSelector',
    'volumeSnapshotClassSelector',
    'volumeGroupSnapshotClassSelector',
    'networkMappingRef',
  ],
  DRCluster: ['s3ProfileName', 'region', 'cidrs', 'clusterFence'],
  DRPlacementControl: [
    'placementRef',
    'drPolicyRef',
    'pvcSelector',
    'preferredCluster',
    'failoverCluster',
    'action',
    'dryRun',
    'kubeObjectProtection',
    'protectedNamespaces',
    'volSyncSpec',
    'retainNamespaceSCCAcrossPeers',
  ],
  VolumeReplicationGroup: [
    'replicationState',
    's3Profiles',
    'pvcSelector',
    'async',
    'sync',
    'volSync',
    'action',
    'dryRun',
    'prepareForFinalSync',
    'runFinalSync',
    'kubeObjectProtection',
    'protectedNamespaces',
  ],
};

/** Fields removed from the API, with what replaced them. */
const REMOVED: Record<string, string> = {
  captureOrder: 'removed from the Ramen API; capture order is now given by a Recipe (recipeRef)',
  recoverOrder: 'removed from the Ramen API; recovery order is now given by a Recipe (recipeRef)',
};

export function warnAboutStaleFields(manifest: Manifest, log: ImportLog): void {
  const known = SPEC_FIELDS[manifest.kind];
  if (!known) return;
  checkFields(manifest, manifest.spec, 'spec', known, log);
  const protection = manifest.spec.kubeObjectProtection;
  if (protection !== undefined) {
    checkFields(manifest, record(protection), 'spec.kubeObjectProtection', KUBE_OBJECT_PROTECTION_FIELDS, log);
  }
}

function checkFields(manifest: Manifest, object: Record<string, unknown>, at: string, known: readonly string[], log: ImportLog): void {
  for (const field of Object.keys(object)) {
    if (known.includes(field)) continue;
    const why = REMOVED[field] ?? 'not a field of the current API (stale or misspelt)';
    log.warn(`${manifest.label}: ${at}.${field} is ${why}; ignored`);
  }
}
