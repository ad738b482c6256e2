/**
 * What replication costs an application's writes, per mode (docs/domain.md
 * section 2), from the scenario alone:
 *
 * - Metro-DR runs on a stretched Ceph cluster in stretch mode: pools of size
 *   4, two copies in each data site (storage-facts 4; ceph
 *   doc/rados/operations/stretch-mode.rst). A write is acknowledged once
 *   every replica has it, so it waits at least one inter-site round trip; and
 *   the primary OSD sends both copies of the other site over the inter-site
 *   link, so the link carries twice the write rate (taking the primary at the
 *   writer's site; a primary at the other site adds the client's own hop).
 *   Writes the link cannot carry are throttled: the application slows down,
 *   nothing is lost.
 * - Journal mirroring: librbd dispatches an image write only once its journal
 *   event is safe (storage-facts 1.2; `wait_event` in
 *   librbd/journal/ObjectDispatch.cc), so each write pays one journal append,
 *   a local replicated RADOS write, before the write itself: write latency
 *   roughly doubles. The replay to the peer is asynchronous and adds nothing.
 * - Snapshot mirroring is asynchronous: it adds no write latency (the
 *   copy-on-write after each mirror snapshot is not modelled).
 */
import { humanBandwidth, humanBytes } from '../format/units.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import { meanBytesPerSecond, peakBytesPerSecond, type WriteProfile } from '../scenarios/schema/write-profile.js';
import type { RunWarning } from './run-record.js';

export type ReplicationMode = 'metro' | 'snapshot' | 'journal';

/** Copies of each write held in the other data site in stretch mode (size 4, two per site). */
export const STRETCH_REMOTE_COPIES = 2;

export const METRO_WRITES_THROTTLED = 'METRO_WRITES_THROTTLED';

type Spec = Scenario['spec'];
type Link = Spec['links'][number];

export function replicationMode(spec: Spec): ReplicationMode {
  if (spec.drPolicy.schedulingInterval === null) return 'metro';
  return spec.drPolicy.mirroringMode === 'journal' ? 'journal' : 'snapshot';
}

/** The link between the sites of the policy's two clusters, or null (same site, or none listed). */
export function drLink(spec: Spec): { index: number; link: Link } | null {
  const siteOf = (name: string) => spec.clusters.find((cluster) => cluster.name === name)?.site;
  const [siteA, siteB] = spec.drPolicy.drClusters.map(siteOf);
  if (siteA === undefined || siteB === undefined || siteA === siteB) return null;
  const index = spec.links.findIndex((link) => link.between.includes(siteA) && link.between.includes(siteB));
  return index < 0 ? null : { index, link: spec.links[index] };
}

/** Latency replication adds to each write of the scenario's applications, in milliseconds. */
export function writeLatencyAddedMs(spec: Spec): number {
  switch (replicationMode(spec)) {
    case 'metro':
      return drLink(spec)?.link.rtt ?? 0;
    case 'journal':
      return spec.timings.journalAppendLatency;
    case 'snapshot':
      return 0;
  }
}

/** Write rate of all of an application's disks and volumes, bytes per second, by `rateOf` each profile. */
export function applicationWriteRate(
  application: Spec['applications'][number],
  rateOf: (profile: WriteProfile) => number = meanBytesPerSecond,
): number {
  const vms = application.vms.reduce((sum, vm) => sum + vm.count * vm.disks.reduce((disks, disk) => disks + rateOf(disk.writeRate), 0), 0);
  return vms + application.volumes.reduce((sum, volume) => sum + rateOf(volume.writeRate), 0);
}

/** An application whose Metro writes the inter-site link cannot carry in full. */
export interface MetroThrottle {
  application: string;
  /** The link, as `siteA-siteB`. */
  link: string;
  bandwidthBytesPerSecond: number;
  /** `mean`: throttled all along; `peak`: only when the writes peak. */
  when: 'mean' | 'peak';
  /** What crosses the link in the application's direction then: STRETCH_REMOTE_COPIES x the writes of every application written there. */
  demandBytesPerSecond: number;
  /** The application's write rate then (mean or peak), as the scenario asks. */
  writeRateBytesPerSecond: number;
  /** What it gets then: its share of the link, in bytes written per second. */
  throughputBytesPerSecond: number;
}

/**
 * Metro-DR applications throttled by the inter-site link while both sites are
 * up. Each direction carries the remote copies of the applications whose
 * primary (their preferred cluster) writes from its side; when that demand
 * exceeds the bandwidth, the writes of every application on that side slow
 * in proportion. Throttled on average when the mean rates exceed it, at the
 * peaks when only the peak rates do: the sum of every disk's peak, exact
 * when they coincide (constant rates, diurnal peaks at the same hour) and an
 * upper bound otherwise.
 */
export function metroWriteThrottles(spec: Spec): MetroThrottle[] {
  const found = drLink(spec);
  if (replicationMode(spec) !== 'metro' || !found) return [];
  const { link } = found;
  const throttles: MetroThrottle[] = [];
  for (const home of spec.drPolicy.drClusters) {
    const writers = spec.applications.filter((application) => application.preferredCluster === home);
    for (const when of ['mean', 'peak'] as const) {
      const rateOf = (application: Spec['applications'][number]) =>
        applicationWriteRate(application, when === 'mean' ? meanBytesPerSecond : peakBytesPerSecond);
      const demand = STRETCH_REMOTE_COPIES * writers.reduce((sum, application) => sum + rateOf(application), 0);
      if (!(demand > link.bandwidth)) continue;
      for (const application of writers) {
        const writeRate = rateOf(application);
        if (writeRate === 0) continue;
        throttles.push({
          application: application.name,
          link: link.between.join('-'),
          bandwidthBytesPerSecond: link.bandwidth,
          when,
          demandBytesPerSecond: demand,
          writeRateBytesPerSecond: writeRate,
          throughputBytesPerSecond: (writeRate * link.bandwidth) / demand,
        });
      }
      break;
    }
  }
  return throttles;
}

/** The run warning for those throttles, or null when the link carries every write. */
export function metroThrottleWarning(spec: Spec): RunWarning | null {
  const throttles = metroWriteThrottles(spec);
  if (throttles.length === 0) return null;
  const { link, bandwidthBytesPerSecond } = throttles[0];
  const rate = (bytesPerSecond: number) => `${humanBytes(bytesPerSecond)}/s`;
  const demands = [...new Set(throttles.map((throttle) => `${humanBandwidth(throttle.demandBytesPerSecond)} (${rate(throttle.demandBytesPerSecond)})${throttle.when === 'peak' ? ' at the peak' : ''}`))].join(' and ');
  const copies = `${STRETCH_REMOTE_COPIES} copies of every write go to the other site`;
  const applications = throttles
    .map((throttle) =>
      throttle.when === 'mean'
        ? `${throttle.application} gets ${rate(throttle.throughputBytesPerSecond)} of the ${rate(throttle.writeRateBytesPerSecond)} it asks`
        : `${throttle.application} gets ${rate(throttle.throughputBytesPerSecond)} of the ${rate(throttle.writeRateBytesPerSecond)} it asks at its peak`,
    )
    .join(', ');
  return {
    code: METRO_WRITES_THROTTLED,
    message:
      `link ${link} (${humanBandwidth(bandwidthBytesPerSecond)}) cannot carry the stretch-mode replica writes, ${demands}, ` +
      `as ${copies}; writes are throttled, not lost: ${applications}`,
  };
}
