/**
 * Checks that span fields: unique names, references that resolve, sizes that
 * fit, combinations Ramen refuses. They run even when other fields are
 * invalid (reading the partly parsed spec tolerantly), so one pass reports
 * every problem, each at the path of the offending field.
 */
import type { z } from 'zod';
import { minimum, type Distribution } from '../../sim/distributions.js';
import { MAX_TOTAL_IMAGES } from '../limits.js';
import { formatDuration } from '../units/duration.js';
import { formatQuantity } from '../units/quantity.js';
import { finite, items, record, text, type LooseRecord } from './loose.js';
import { reportProblem } from './problems.js';

type Context = Pick<z.core.$RefinementCtx, 'addIssue'>;
type Path = (string | number)[];

/** Default disk name; the defaults resolver uses the same rule. */
export function defaultDiskName(index: number): string {
  return `disk-${index}`;
}

const MAX_LISTED_NAMES = 12;

function oneOf(what: string, names: readonly string[]): string {
  if (names.length === 0) return `a name from spec.${what}, which is empty`;
  const shown = names.slice(0, MAX_LISTED_NAMES).join(', ');
  return `one of the ${what}: ${shown}${names.length > MAX_LISTED_NAMES ? ', ...' : ''}`;
}

function namesOf(list: unknown): string[] {
  return items(list)
    .map((item) => text(record(item).name))
    .filter((name): name is string => name !== undefined);
}

function checkUnique(ctx: Context, list: unknown, path: Path, what: string, nameOf = (item: LooseRecord, _index: number) => text(item.name)): void {
  const firstIndex = new Map<string, number>();
  items(list).forEach((item, index) => {
    const name = nameOf(record(item), index);
    if (name === undefined) return;
    const earlier = firstIndex.get(name);
    if (earlier === undefined) firstIndex.set(name, index);
    else {
      reportProblem(ctx, {
        value: name,
        path: [...path, index, 'name'],
        expected: `a ${what} name not used before`,
        detail: `already the name of ${path.join('.')}[${earlier}]`,
      });
    }
  });
}

function checkReference(ctx: Context, value: unknown, path: Path, what: string, names: readonly string[]): boolean {
  const name = text(value);
  if (name === undefined || names.includes(name)) return true;
  reportProblem(ctx, { value: name, path, expected: oneOf(what, names) });
  return false;
}

function distributionOrUndefined(value: unknown): Distribution | undefined {
  const kind = text(record(value).kind);
  return kind === undefined ? undefined : (value as Distribution);
}

export function checkScenarioSpec(value: unknown, ctx: Context): void {
  const spec = record(value);
  const sites = namesOf(spec.sites);
  const clusters = namesOf(spec.clusters);
  const s3Profiles = namesOf(spec.s3Profiles);
  const applications = namesOf(spec.applications);

  checkUnique(ctx, spec.sites, ['sites'], 'site');
  checkUnique(ctx, spec.clusters, ['clusters'], 'cluster');
  checkUnique(ctx, spec.s3Profiles, ['s3Profiles'], 'S3 profile');
  checkUnique(ctx, spec.applications, ['applications'], 'application');

  checkReference(ctx, record(spec.hub).site, ['hub', 'site'], 'sites', sites);
  const clusterSite = new Map<string, string>();
  items(spec.clusters).forEach((item, index) => {
    const cluster = record(item);
    if (checkReference(ctx, cluster.site, ['clusters', index, 'site'], 'sites', sites)) {
      const name = text(cluster.name);
      const site = text(cluster.site);
      if (name !== undefined && site !== undefined) clusterSite.set(name, site);
    }
    checkReference(ctx, cluster.s3ProfileName, ['clusters', index, 's3ProfileName'], 's3Profiles', s3Profiles);
  });
  items(spec.s3Profiles).forEach((item, index) => checkReference(ctx, record(item).site, ['s3Profiles', index, 'site'], 'sites', sites));

  const linkedPairs = checkLinks(ctx, spec.links, sites);
  const drClusters = checkDrPolicy(ctx, record(spec.drPolicy), clusters, clusterSite, linkedPairs);
  checkApplications(ctx, spec.applications, drClusters);
  checkEvents(ctx, spec, { sites, clusters, s3Profiles, applications });
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function checkLinks(ctx: Context, links: unknown, sites: readonly string[]): Set<string> {
  const pairs = new Map<string, number>();
  items(links).forEach((item, index) => {
    const between = items(record(item).between);
    const [a, b] = [text(between[0]), text(between[1])];
    const aKnown = checkReference(ctx, a, ['links', index, 'between', 0], 'sites', sites);
    const bKnown = checkReference(ctx, b, ['links', index, 'between', 1], 'sites', sites);
    if (a === undefined || b === undefined || !aKnown || !bKnown) return;
    if (a === b) {
      reportProblem(ctx, { value: b, path: ['links', index, 'between', 1], expected: 'a site other than the first one (a link joins two sites)' });
      return;
    }
    const key = pairKey(a, b);
    const earlier = pairs.get(key);
    if (earlier !== undefined) {
      reportProblem(ctx, {
        value: [a, b],
        path: ['links', index, 'between'],
        expected: 'at most one link per pair of sites',
        detail: `spec.links[${earlier}] already joins them`,
      });
    } else pairs.set(key, index);
  });
  return new Set(pairs.keys());
}

function checkDrPolicy(
  ctx: Context,
  drPolicy: LooseRecord,
  clusters: readonly string[],
  clusterSite: ReadonlyMap<string, string>,
  linkedPairs: ReadonlySet<string>,
): string[] {
  const drClusters = items(drPolicy.drClusters);
  if (drClusters.length !== 2) return [];
  const known = drClusters.map((name, index) => checkReference(ctx, name, ['drPolicy', 'drClusters', index], 'clusters', clusters));
  const [first, second] = drClusters.map(text);
  if (first !== undefined && first === second) {
    reportProblem(ctx, { value: second, path: ['drPolicy', 'drClusters', 1], expected: 'two different clusters' });
  }
  if (drPolicy.mirroringMode === 'journal' && drPolicy.schedulingInterval === null) {
    reportProblem(ctx, {
      value: 'journal',
      path: ['drPolicy', 'mirroringMode'],
      expected: 'snapshot with Metro-DR (schedulingInterval ""), which replicates synchronously; journal mirroring is a Regional-DR mode',
    });
  }
  if (first !== undefined && second !== undefined && known.every(Boolean) && first !== second) {
    const [siteA, siteB] = [clusterSite.get(first), clusterSite.get(second)];
    if (siteA !== undefined && siteB !== undefined && siteA !== siteB && !linkedPairs.has(pairKey(siteA, siteB))) {
      reportProblem(ctx, {
        value: [first, second],
        path: ['drPolicy', 'drClusters'],
        expected: `a link in spec.links between sites ${siteA} and ${siteB}, where these clusters run`,
        detail: 'no link joins their sites',
      });
    }
  }
  return [first, second].filter((name): name is string => name !== undefined);
}

function checkApplications(ctx: Context, applications: unknown, drClusters: readonly string[]): void {
  let images = 0;
  items(applications).forEach((item, appIndex) => {
    const application = record(item);
    const base: Path = ['applications', appIndex];
    const preferred = text(application.preferredCluster);
    const failover = text(application.failoverCluster);
    if (drClusters.length === 2) {
      checkReference(ctx, preferred, [...base, 'preferredCluster'], 'drPolicy.drClusters', drClusters);
      checkReference(ctx, failover, [...base, 'failoverCluster'], 'drPolicy.drClusters', drClusters);
      if (failover !== undefined && failover === (preferred ?? drClusters[0])) {
        reportProblem(ctx, {
          value: failover,
          path: [...base, 'failoverCluster'],
          expected: 'the DR cluster other than preferredCluster',
          detail: 'same as preferredCluster',
        });
      }
    }
    if (application.deployment === 'Discovered' && application.kubeObjectProtection === undefined) {
      reportProblem(ctx, {
        value: 'Discovered',
        path: [...base, 'deployment'],
        expected: 'kubeObjectProtection set as well: a discovered application comes back only from its kube-object captures',
      });
    }
    checkUnique(ctx, application.vms, [...base, 'vms'], 'VM');
    checkUnique(ctx, application.volumes, [...base, 'volumes'], 'volume');
    items(application.vms).forEach((vmItem, vmIndex) => {
      const vm = record(vmItem);
      const disks = items(vm.disks);
      images += (finite(vm.count) ?? 1) * disks.length;
      checkUnique(ctx, vm.disks, [...base, 'vms', vmIndex, 'disks'], 'disk', (disk, index) => text(disk.name) ?? defaultDiskName(index));
      disks.forEach((disk, diskIndex) => checkWorkingSet(ctx, record(disk), [...base, 'vms', vmIndex, 'disks', diskIndex]));
    });
    items(application.volumes).forEach((volume, volumeIndex) => checkWorkingSet(ctx, record(volume), [...base, 'volumes', volumeIndex]));
    images += items(application.volumes).length;
  });
  if (images > MAX_TOTAL_IMAGES) {
    reportProblem(ctx, {
      value: images,
      path: ['applications'],
      expected: `at most ${MAX_TOTAL_IMAGES} replicated images in all (VM count x disks + volumes)`,
    });
  }
}

/** working set <= allocated <= size, each bound only when both of its fields are given or defaulted; a random write size > 0. */
function checkWorkingSet(ctx: Context, storage: LooseRecord, path: Path): void {
  const randomWriteSize = finite(storage.randomWriteSize);
  if (randomWriteSize !== undefined && !(randomWriteSize > 0)) {
    reportProblem(ctx, { value: randomWriteSize, path: [...path, 'randomWriteSize'], expected: 'a write size > 0, e.g. 4Ki' });
  }
  const size = finite(storage.size);
  const allocated = finite(storage.allocated);
  const workingSet = finite(storage.workingSet);
  if (size !== undefined && allocated !== undefined && allocated > size) {
    reportProblem(ctx, {
      value: formatQuantity(allocated),
      path: [...path, 'allocated'],
      expected: `allocated bytes <= size (${formatQuantity(size)})`,
      detail: 'larger than the size',
    });
    return;
  }
  const bound = allocated ?? size;
  if (bound === undefined || workingSet === undefined || workingSet <= bound) return;
  reportProblem(ctx, {
    value: formatQuantity(workingSet),
    path: [...path, 'workingSet'],
    expected: allocated === undefined ? `a working set <= size (${formatQuantity(bound)})` : `a working set <= allocated (${formatQuantity(bound)}): writes allocate the objects they land on`,
    detail: allocated === undefined ? 'larger than the size' : 'larger than the allocated bytes',
  });
}

interface KnownNames {
  sites: readonly string[];
  clusters: readonly string[];
  s3Profiles: readonly string[];
  applications: readonly string[];
}

function checkEvents(ctx: Context, spec: LooseRecord, names: KnownNames): void {
  const horizon = finite(spec.horizon);
  const checkStart = (at: unknown, path: Path) => {
    const distribution = distributionOrUndefined(at);
    if (horizon === undefined || distribution === undefined) return;
    const earliest = minimum(distribution);
    if (earliest > horizon) {
      reportProblem(ctx, {
        value: formatDuration(earliest),
        path,
        expected: `a start within the horizon (${formatDuration(horizon)})`,
        detail: 'starts after the horizon at the earliest',
      });
    }
  };

  items(spec.disasters).forEach((item, index) => {
    const disaster = record(item);
    const base: Path = ['disasters', index];
    checkStart(disaster.at, [...base, 'at']);
    const kind = text(disaster.kind);
    switch (kind) {
      case 'siteLoss':
      case 'linkCut':
        checkReference(ctx, disaster.target, [...base, 'target'], 'sites', names.sites);
        break;
      case 'clusterLoss':
        checkReference(ctx, disaster.target, [...base, 'target'], 'clusters', names.clusters);
        break;
      case 's3Outage':
        checkReference(ctx, disaster.target, [...base, 'target'], 's3Profiles', names.s3Profiles);
        break;
      case 'hubLoss':
        if (disaster.target !== undefined && disaster.target !== 'hub') {
          reportProblem(ctx, { value: disaster.target, path: [...base, 'target'], expected: '"hub" for a hubLoss' });
        }
        break;
    }
    if (disaster.from === undefined) return;
    if (kind !== 'linkCut') {
      reportProblem(ctx, { value: disaster.from, path: [...base, 'from'], expected: 'no from: it applies to linkCut only' });
      return;
    }
    items(disaster.from).forEach((site, siteIndex) => {
      const path = [...base, 'from', siteIndex];
      if (!checkReference(ctx, site, path, 'sites', names.sites)) return;
      if (site === disaster.target) reportProblem(ctx, { value: site, path, expected: 'a site other than the target' });
    });
  });

  items(spec.operations).forEach((item, index) => {
    const operation = record(item);
    const base = ['operations', index];
    checkStart(operation.at, [...base, 'at']);
    // A DRPC action names its application, a DRCluster fence its cluster.
    const onCluster = operation.action === 'Fence' || operation.action === 'Unfence';
    const [wanted, unwanted] = onCluster ? (['cluster', 'app'] as const) : (['app', 'cluster'] as const);
    if (operation[unwanted] !== undefined) {
      reportProblem(ctx, { value: operation[unwanted], path: [...base, unwanted], expected: `no ${unwanted}: ${text(operation.action) ?? 'this action'} takes ${wanted}` });
    }
    if (operation[wanted] === undefined) {
      reportProblem(ctx, { value: undefined, path: [...base, wanted], expected: `the ${onCluster ? 'DRCluster' : 'application'} the action applies to` });
    } else if (onCluster) {
      const drClusters = items(record(spec.drPolicy).drClusters).map(text).filter((name): name is string => name !== undefined);
      checkReference(ctx, operation.cluster, [...base, 'cluster'], 'drPolicy.drClusters', drClusters);
    } else {
      checkReference(ctx, operation.app, [...base, 'app'], 'applications', names.applications);
    }
  });
}
