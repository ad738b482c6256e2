/**
 * RamenDR manifests -> a drsim scenario document, with every assumed value
 * listed (path and reason), warnings about the manifests and notes about the
 * documents skipped. Pure: text in, objects out; reading files and printing
 * belong to the CLI.
 */
import { formatIssue, formatIssues, parseScenarioObject, SCENARIO_API_VERSION, SCENARIO_KIND } from '../scenarios/index.js';
import { importApplications } from './applications.js';
import { ASSUMED } from './defaults.js';
import { ImportLog, type Assumption } from './import-log.js';
import { ManifestSet } from './manifest-set.js';
import { NameMap, toLabel } from './names.js';
import { parseDocuments, type ManifestSource } from './parse-documents.js';
import { importPolicy } from './policy.js';
import { recognise, type Manifest } from './recognise.js';
import { warnAboutStaleFields } from './stale-fields.js';
import { importTopology } from './topology.js';
import { importWorkloads } from './workloads.js';

export interface ImportResult {
  /** The scenario document (valid: `parseScenarioObject` accepts it). */
  scenario: Record<string, unknown>;
  assumptions: Assumption[];
  warnings: string[];
  /** Documents skipped as not DR-related (Deployments, Placements, ...). */
  notes: string[];
  /** The names of the sources, as given. */
  sources: string[];
}

/** Input the importer cannot use at all (no YAML, nothing it recognises). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

const DR_KINDS = 'DRPolicy, DRCluster, DRPlacementControl, VolumeReplicationGroup, VolumeReplicationClass, PersistentVolumeClaim, VirtualMachine or DataVolume';

export function importManifests(sources: readonly ManifestSource[]): ImportResult {
  const log = new ImportLog();
  const manifests = sources
    .flatMap((source) => parseDocuments(source, log))
    .map((document) => recognise(document, log))
    .filter((manifest): manifest is Manifest => manifest !== null);
  if (!manifests.some((manifest) => manifest.kind !== 'RamenConfig')) {
    const where = sources.length === 1 ? sources[0].name : `${sources.length} sources`;
    throw new ImportError(`nothing to import from ${where}: no ${DR_KINDS}`, [...log.warnings, ...log.notes]);
  }
  for (const manifest of manifests) warnAboutStaleFields(manifest, log);

  const scenario = buildScenario(new ManifestSet(manifests), sources, log);
  const checked = parseScenarioObject(scenario);
  if (!checked.ok) {
    throw new ImportError('the manifests give a scenario that does not validate', formatIssues(checked.errors).split('\n'));
  }
  for (const warning of checked.warnings) log.warn(`scenario: ${formatIssue(warning)}`);
  return { scenario, assumptions: log.assumptions, warnings: log.warnings, notes: log.notes, sources: sources.map((source) => source.name) };
}

function buildScenario(set: ManifestSet, sources: readonly ManifestSource[], log: ImportLog): Record<string, unknown> {
  const clusterNames = new NameMap('cluster', log);
  const s3ProfileNames = new NameMap('S3 profile', log);
  const policy = importPolicy(set, clusterNames, new NameMap('DRPolicy', log), log);
  const topology = importTopology(policy.drPolicy.drClusters, policy.metro, set, { clusters: clusterNames, sites: new NameMap('site', log), s3Profiles: s3ProfileNames }, log);
  const workloads = importWorkloads(set, { vms: new NameMap('VM', log), volumes: new NameMap('PVC', log) }, log);
  const applications = importApplications(
    set,
    policy.drPolicy.drClusters,
    topology.s3Profiles.map((store) => store.name),
    workloads,
    { applications: new NameMap('application', log), clusters: clusterNames },
    log,
  );

  const home = topology.clusters.find((cluster) => cluster.name === applications[0].preferredCluster)!;
  log.assume(['spec', 'runs'], 'simulation setting; the CLI --runs overrides it');
  log.assume(['spec', 'horizon'], 'simulation setting: one week of operation per run');
  log.assume(['spec', 'disasters', 0], `manifests do not say which disaster to study: the loss of ${home.name}'s site at a random moment, repaired after ${ASSUMED.disaster.repairAfter}`);
  log.assume(['spec', 'response', 'action'], 'the operator fails over after a disaster');
  log.assume(['spec', 'response', 'decisionDelay'], 'Ramen has no automatic failover; time for someone to decide');
  if (policy.metro && topology.fencing === undefined) {
    log.assume(['spec', 'response', 'fencing'], 'Metro-DR needs the failed cluster fenced; a NetworkFence (DRCluster clusterFence: Fenced)');
  }
  log.assume(['spec', 'timings'], "drsim's documented defaults for every model constant (see docs/scenario-reference.md)");

  const response: Record<string, unknown> = { action: 'Failover', decisionDelay: ASSUMED.decisionDelay };
  if (policy.metro) response.fencing = topology.fencing ?? 'Fenced';
  return {
    apiVersion: SCENARIO_API_VERSION,
    kind: SCENARIO_KIND,
    metadata: {
      name: scenarioName(applications[0].name),
      description: `Imported by drsim import from ${describeSources(sources)}`,
    },
    spec: {
      runs: ASSUMED.runs,
      horizon: ASSUMED.horizon,
      sites: topology.sites,
      hub: topology.hub,
      clusters: topology.clusters,
      links: topology.links,
      s3Profiles: topology.s3Profiles,
      drPolicy: policy.drPolicy,
      applications,
      disasters: [{ kind: 'siteLoss', target: home.site, at: ASSUMED.disaster.at, repairAfter: ASSUMED.disaster.repairAfter }],
      response,
      timings: {},
    },
  };
}

function describeSources(sources: readonly ManifestSource[]): string {
  const names = sources.map((source) => source.name);
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more files`;
}

function scenarioName(applicationName: string): string {
  return toLabel(applicationName) || ASSUMED.scenarioName;
}
