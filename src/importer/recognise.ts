/**
 * Which documents the importer reads: recognised by API group and kind. The
 * rest (Deployments, Placements, kustomizations, ...) are noted and skipped;
 * Subscriptions and ApplicationSets are read only to tell how a DRPC's
 * application is deployed;
 * a DR kind under an unexpected API group is a warning, since it is most
 * likely a typo that would make the manifest fail on a real cluster too.
 */
import { record, text, type LooseRecord } from '../scenarios/schema/loose.js';
import type { ImportLog } from './import-log.js';
import type { RawDocument } from './parse-documents.js';

const RAMEN = 'ramendr.openshift.io';

const GROUP_OF_KIND = {
  DRPolicy: RAMEN,
  DRCluster: RAMEN,
  DRPlacementControl: RAMEN,
  VolumeReplicationGroup: RAMEN,
  RamenConfig: RAMEN,
  VolumeReplicationClass: 'replication.storage.openshift.io',
  PersistentVolumeClaim: '',
  VirtualMachine: 'kubevirt.io',
  DataVolume: 'cdi.kubevirt.io',
  // How an application is deployed, matched to its DRPC through the placement.
  Subscription: 'apps.open-cluster-management.io',
  ApplicationSet: 'argoproj.io',
} as const;

export type ManifestKind = keyof typeof GROUP_OF_KIND;

export interface Manifest {
  kind: ManifestKind;
  name: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  /** The whole object (spec, parameters, ...). */
  object: LooseRecord;
  spec: LooseRecord;
  /** `file.yaml#2 DRPolicy dr-policy-1m`: how messages name it. */
  label: string;
  /** `file.yaml#2`: where it came from. */
  origin: string;
}

function isManifestKind(kind: string): kind is ManifestKind {
  return Object.hasOwn(GROUP_OF_KIND, kind);
}

/** The API group of an apiVersion: `ramendr.openshift.io/v1alpha1` -> `ramendr.openshift.io`, `v1` -> ``. */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function recognise(document: RawDocument, log: ImportLog): Manifest | null {
  const { origin, value } = document;
  const apiVersion = text(value.apiVersion);
  const kind = text(value.kind);
  if (apiVersion === undefined || kind === undefined) {
    log.warn(`${origin}: no apiVersion or kind, not a Kubernetes object; skipped`);
    return null;
  }
  const metadata = record(value.metadata);
  const name = text(metadata.name) ?? '';
  const described = `${origin} ${kind}${name ? ` ${name}` : ''}`;
  if (!isManifestKind(kind)) {
    log.note(`${described} (${apiVersion}): not a DR resource; skipped`);
    return null;
  }
  const expectedGroup = GROUP_OF_KIND[kind];
  if (apiGroup(apiVersion) !== expectedGroup) {
    log.warn(`${described}: apiVersion ${apiVersion} is not in the API group ${expectedGroup || 'core (v1)'}; skipped`);
    return null;
  }
  const labels: Record<string, string> = {};
  for (const [key, labelValue] of Object.entries(record(metadata.labels))) {
    if (typeof labelValue === 'string') labels[key] = labelValue;
  }
  if (!name && kind !== 'RamenConfig') log.warn(`${described}: no metadata.name`);
  return {
    kind,
    name,
    namespace: text(metadata.namespace),
    labels,
    object: value,
    spec: record(value.spec),
    label: described,
    origin,
  };
}
