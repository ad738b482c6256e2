/**
 * DRClusters (and RamenConfig S3 profiles) -> sites, hub, clusters, links and
 * S3 stores. One site per region when the two clusters' regions differ;
 * otherwise (no regions, or a Metro-DR pair sharing one) one site per
 * cluster. The hub gets a third site, and the link between the two data
 * sites gets an assumed bandwidth and RTT: manifests never say either.
 */
import { z } from 'zod';
import { items, record, text } from '../scenarios/schema/loose.js';
import { ASSUMED } from './defaults.js';
import type { ImportLog } from './import-log.js';
import type { ManifestSet } from './manifest-set.js';
import type { NameMap } from './names.js';
import type { Manifest } from './recognise.js';

export interface ImportedCluster {
  name: string;
  site: string;
  region?: string;
  s3ProfileName: string;
  cidrs?: string[];
}

export interface ImportedTopology {
  sites: { name: string }[];
  hub: { site: string };
  clusters: ImportedCluster[];
  links: { between: [string, string]; bandwidth: string; rtt: string }[];
  s3Profiles: { name: string; site: string }[];
  /** The fencing the DRClusters show the operator uses (Metro-DR only). */
  fencing?: 'Fenced' | 'ManuallyFenced';
}

export interface TopologyNames {
  clusters: NameMap;
  sites: NameMap;
  s3Profiles: NameMap;
}

export function importTopology(
  drClusters: readonly [string, string],
  metro: boolean,
  set: ManifestSet,
  names: TopologyNames,
  log: ImportLog,
): ImportedTopology {
  const manifestOf = new Map<string, Manifest>();
  for (const manifest of set.ofKind('DRCluster')) {
    const name = names.clusters.of(manifest.name, 'cluster');
    if (!drClusters.includes(name)) log.warn(`${manifest.label}: not one of the policy's clusters (${drClusters.join(', ')}); ignored`);
    else if (manifestOf.has(name)) log.warn(`${manifest.label}: a second DRCluster of that name; ignored`);
    else manifestOf.set(name, manifest);
  }
  for (const name of drClusters) {
    if (!manifestOf.has(name)) log.warn(`no DRCluster ${name} in the manifests; its site and S3 profile are assumed`);
  }

  const regions = drClusters.map((name) => nonEmpty(text(manifestOf.get(name)?.spec.region)));
  const sitePerRegion = regions[0] !== undefined && regions[1] !== undefined && regions[0] !== regions[1];
  const siteOf = (index: number) => names.sites.of(sitePerRegion ? regions[index]! : drClusters[index], 'site');
  const namedProfiles = drClusters.map((name) => nonEmpty(text(manifestOf.get(name)?.spec.s3ProfileName)));
  const clusters = drClusters.map((name, index): ImportedCluster => {
    const manifest = manifestOf.get(name);
    const path = ['spec', 'clusters', index];
    if (!sitePerRegion) {
      log.assume([...path, 'site'], regions[0] !== undefined && regions[0] === regions[1]
        ? `both DRClusters are in region ${regions[0]}, as a Metro-DR pair is; one site (data centre) per cluster`
        : 'the DRClusters give no distinct regions; one site per cluster');
    }
    let profile = namedProfiles[index];
    if (manifest && profile === undefined) log.warn(`${manifest.label}: spec.s3ProfileName is missing (required by Ramen)`);
    if (profile === undefined) {
      const guessed = profileNamedAfter(name, set, namedProfiles);
      log.assume([...path, 's3ProfileName'], guessed
        ? `no DRCluster gives it; the S3 profile named after ${name} in the VRG or RamenConfig`
        : 'no s3ProfileName in the manifests');
      profile = guessed ?? `s3-${name}`;
    }
    const cidrs = validCidrs(manifest, log);
    return {
      name,
      site: siteOf(index),
      ...(regions[index] !== undefined ? { region: regions[index] } : {}),
      s3ProfileName: names.s3Profiles.of(profile, `s3-${name}`),
      ...(cidrs.length > 0 ? { cidrs } : {}),
    };
  });

  const dataSites = [...new Set(clusters.map((cluster) => cluster.site))];
  const hubSite = [ASSUMED.hubSiteName, `${ASSUMED.hubSiteName}-site`].find((candidate) => !dataSites.includes(candidate))!;
  log.assume(['spec', 'hub', 'site'], 'manifests do not say where the hub runs; a third site, so that no single site loss takes the hub and a cluster');
  const links: ImportedTopology['links'] = [];
  if (dataSites.length === 2) {
    const assumedLink = metro ? ASSUMED.metroLink : ASSUMED.regionalLink;
    links.push({ between: [dataSites[0], dataSites[1]], ...assumedLink });
    const kind = metro ? 'Metro-DR' : 'Regional-DR';
    log.assume(['spec', 'links', 0, 'bandwidth'], `manifests do not give the replication bandwidth; a typical ${kind} link`);
    log.assume(['spec', 'links', 0, 'rtt'], `manifests do not give the round-trip time; a typical ${kind} link`);
  }

  return {
    sites: [...dataSites, hubSite].map((name) => ({ name })),
    hub: { site: hubSite },
    clusters,
    links,
    s3Profiles: s3Stores(clusters, set, names, log),
    ...fencingOf(drClusters.map((name) => manifestOf.get(name)), metro, log),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A profile listed by a VRG or the RamenConfig, not taken by the other cluster, whose name contains the cluster's. */
function profileNamedAfter(cluster: string, set: ManifestSet, taken: readonly (string | undefined)[]): string | undefined {
  const listed = [
    ...set.ofKind('VolumeReplicationGroup').flatMap((vrg) => items(vrg.spec.s3Profiles)),
    ...set.ofKind('RamenConfig').flatMap((config) => items(config.object.s3StoreProfiles).map((entry) => record(entry).s3ProfileName)),
  ].filter((profile): profile is string => typeof profile === 'string' && !taken.includes(profile));
  const matching = [...new Set(listed)].filter((profile) => profile.includes(cluster));
  return matching.length === 1 ? matching[0] : undefined;
}

function validCidrs(manifest: Manifest | undefined, log: ImportLog): string[] {
  if (!manifest) return [];
  const valid: string[] = [];
  for (const cidr of items(manifest.spec.cidrs)) {
    const ok = typeof cidr === 'string' && (z.cidrv4().safeParse(cidr).success || z.cidrv6().safeParse(cidr).success);
    if (ok) valid.push(cidr);
    else log.warn(`${manifest.label}: spec.cidrs entry ${JSON.stringify(cidr)} is not a CIDR; ignored`);
  }
  return valid;
}

/**
 * One store per distinct profile. Its site comes from the RamenConfig's
 * s3Region when that names a site; otherwise it is assumed to be the site of
 * the cluster that names it (the usual one-store-per-cluster layout).
 */
function s3Stores(clusters: readonly ImportedCluster[], set: ManifestSet, names: TopologyNames, log: ImportLog): ImportedTopology['s3Profiles'] {
  const regionOfProfile = new Map<string, string>();
  for (const config of set.ofKind('RamenConfig')) {
    for (const entry of items(config.object.s3StoreProfiles)) {
      const profile = text(record(entry).s3ProfileName);
      const region = text(record(entry).s3Region);
      if (profile !== undefined && region !== undefined) regionOfProfile.set(names.s3Profiles.of(profile, 's3'), region);
    }
  }
  const siteOfRegion = new Map(clusters.filter((cluster) => cluster.region !== undefined).map((cluster) => [cluster.region!, cluster.site]));
  const stores: ImportedTopology['s3Profiles'] = [];
  for (const cluster of clusters) {
    if (stores.some((store) => store.name === cluster.s3ProfileName)) continue;
    const region = regionOfProfile.get(cluster.s3ProfileName);
    const site = region === undefined ? undefined : siteOfRegion.get(region) ?? clusters.find((other) => other.site === region)?.site;
    if (site === undefined) {
      log.assume(['spec', 's3Profiles', stores.length, 'site'], `the store of S3 profile ${cluster.s3ProfileName} is assumed to run in the site of cluster ${cluster.name}, which names it`);
    }
    stores.push({ name: cluster.s3ProfileName, site: site ?? cluster.site });
  }
  return stores;
}

function fencingOf(manifests: (Manifest | undefined)[], metro: boolean, log: ImportLog): Pick<ImportedTopology, 'fencing'> {
  let fencing: ImportedTopology['fencing'];
  for (const manifest of manifests) {
    const state = manifest?.spec.clusterFence;
    if (manifest === undefined || state === undefined || state === '') continue;
    if (!['Unfenced', 'Fenced', 'ManuallyFenced', 'ManuallyUnfenced'].includes(String(state))) {
      log.warn(`${manifest.label}: spec.clusterFence ${JSON.stringify(state)} is not Unfenced, Fenced, ManuallyFenced or ManuallyUnfenced; ignored`);
      continue;
    }
    if (state !== 'Fenced' && state !== 'ManuallyFenced') continue;
    if (!metro) {
      log.warn(`${manifest.label}: spec.clusterFence ${state} has no effect in Regional-DR (drsim fences only Metro-DR clusters); ignored`);
      continue;
    }
    log.warn(`${manifest.label}: spec.clusterFence ${state} is the cluster's state now; the scenario starts with both clusters unfenced and fences the failed one with ${state} on failover`);
    fencing = state;
  }
  return fencing ? { fencing } : {};
}
