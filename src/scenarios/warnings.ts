/**
 * Valid but questionable scenarios: unsupported Metro-DR latencies, settings
 * that have no effect, loads the link may not carry. Reported beside the
 * parsed scenario (DESIGN: unstable inputs are reported, not hidden).
 */
import { quantile, type Distribution } from '../sim/distributions.js';
import type { PathSegment } from './issues.js';
import type { Scenario } from './schema/scenario.js';
import { meanBytesPerSecond } from './schema/write-profile.js';
import { formatDuration } from './units/duration.js';
import { formatBandwidth, formatDataRate } from './units/rates.js';

export interface PendingWarning {
  path: PathSegment[];
  message: string;
  value?: unknown;
}

export function scenarioWarnings(scenario: Scenario): PendingWarning[] {
  const spec = scenario.spec;
  const warnings: PendingWarning[] = [];
  const clusterIndex = new Map(spec.clusters.map((cluster, index) => [cluster.name, index]));
  const siteOf = (cluster: string) => spec.clusters[clusterIndex.get(cluster) ?? -1]?.site;
  const [first, second] = spec.drPolicy.drClusters;
  const [siteA, siteB] = [siteOf(first), siteOf(second)];
  const linkIndex = spec.links.findIndex((link) => link.between.includes(siteA) && link.between.includes(siteB) && siteA !== siteB);
  const link = linkIndex >= 0 ? spec.links[linkIndex] : undefined;
  const metro = spec.drPolicy.schedulingInterval === null;

  if (siteA === siteB) {
    warnings.push({
      path: ['drPolicy', 'drClusters'],
      value: [first, second],
      message: `both DR clusters run in site ${siteA}: a siteLoss there takes both`,
    });
  }

  if (metro) {
    if (link && link.rtt > spec.timings.metroMaxRtt) {
      warnings.push({
        path: ['links', linkIndex, 'rtt'],
        value: formatDuration(link.rtt),
        message: `Metro-DR is supported only at RTT <= ${formatDuration(spec.timings.metroMaxRtt)} (timings.metroMaxRtt); this link has ${formatDuration(link.rtt)}`,
      });
    }
    if (spec.response.fencing === 'None') {
      warnings.push({
        path: ['response', 'fencing'],
        value: 'None',
        message: 'Metro-DR failover without fencing lets both clusters write to the same images (unsafe what-if; reported as split-brain)',
      });
    }
    if (spec.response.fencing === 'Fenced') {
      for (const name of [first, second]) {
        const index = clusterIndex.get(name);
        if (index !== undefined && spec.clusters[index].cidrs.length === 0) {
          warnings.push({
            path: ['clusters', index, 'cidrs'],
            value: [],
            message: `cluster ${name} lists no cidrs: Ramen's NetworkFence blocklists the node CIDRs, so Fenced needs them (or use ManuallyFenced)`,
          });
        }
      }
    }
  } else {
    spec.operations.forEach((operation, index) => {
      if (operation.action !== 'Fence' && operation.action !== 'Unfence') return;
      warnings.push({
        path: ['operations', index, 'action'],
        value: operation.action,
        message: `${operation.action} does nothing in Regional-DR: Ramen fences only Metro-DR clusters (the run refuses it)`,
      });
    });
  }
  if (!metro && spec.drPolicy.mirroringMode === 'journal') {
    warnings.push({
      path: ['drPolicy', 'schedulingInterval'],
      message: 'with journal mirroring ceph-csi ignores schedulingInterval (no snapshot schedule); the RPO is the replay lag',
    });
  }

  if (link) {
    const meanWriteRate = spec.applications.reduce(
      (total, application) =>
        total +
        application.vms.reduce((sum, vm) => sum + vm.count * vm.disks.reduce((disks, disk) => disks + meanBytesPerSecond(disk.writeRate), 0), 0) +
        application.volumes.reduce((sum, volume) => sum + meanBytesPerSecond(volume.writeRate), 0),
      0,
    );
    // Metro-DR stretch mode keeps two copies in each site: each write crosses twice, and what does not fit is throttled.
    const metroDemand = 2 * meanWriteRate;
    if (metro && metroDemand > link.bandwidth) {
      warnings.push({
        path: ['links', linkIndex, 'bandwidth'],
        value: formatBandwidth(link.bandwidth),
        message: `Metro-DR sends both copies of the other site over this link, twice the mean write rate (${formatDataRate(meanWriteRate)}), which exceeds its bandwidth: the writes will be throttled (nothing is lost; the run warns METRO_WRITES_THROTTLED)`,
      });
    } else if (!metro && meanWriteRate > link.bandwidth) {
      warnings.push({
        path: ['links', linkIndex, 'bandwidth'],
        value: formatBandwidth(link.bandwidth),
        message:
          spec.drPolicy.mirroringMode === 'journal'
            ? `the mean write rate of all disks and volumes (${formatDataRate(meanWriteRate)}) exceeds this link's bandwidth: journal replay falls behind without bound`
            : `the mean write rate of all disks and volumes (${formatDataRate(meanWriteRate)}) exceeds this link's bandwidth: syncs may never catch up (rewrites within working sets reduce what is sent); pending snapshots then merge and the RPO settles at about the time to ship a working-set-bounded delta`,
      });
    }
  }

  spec.applications.forEach((application, index) => {
    if (application.vms.length === 0 && application.volumes.length === 0) {
      warnings.push({ path: ['applications', index], message: `application ${application.name} has no vms and no volumes: it protects no data` });
    }
    const capture = application.kubeObjectProtection;
    if (capture && capture.captureInterval > spec.horizon) {
      warnings.push({
        path: ['applications', index, 'kubeObjectProtection', 'captureInterval'],
        value: formatDuration(capture.captureInterval),
        message: `the capture interval is longer than the horizon (${formatDuration(spec.horizon)}): at most one capture per run`,
      });
    }
    const failoverStore = spec.s3Profiles.find((store) => store.name === spec.clusters[clusterIndex.get(application.failoverCluster) ?? -1]?.s3ProfileName);
    const homeSite = siteOf(application.preferredCluster);
    if (failoverStore && homeSite !== undefined && failoverStore.site === homeSite && siteOf(application.failoverCluster) !== homeSite) {
      warnings.push({
        path: ['applications', index, 'failoverCluster'],
        value: application.failoverCluster,
        message: `the failover cluster restores from S3 profile ${failoverStore.name}, which is in the home site ${homeSite}: a siteLoss there also loses the store (Ramen issue #533)`,
      });
    }
  });

  const warnIfMayMissHorizon = (at: Distribution, path: PathSegment[]) => {
    const late = at.kind === 'uniform' ? at.max : at.kind === 'empirical' ? Math.max(...at.values) : quantile(at, 0.99);
    if (at.kind !== 'constant' && late > spec.horizon) {
      warnings.push({
        path,
        message: `may fall after the horizon (${formatDuration(spec.horizon)}); runs where it does have no such event`,
      });
    }
  };
  spec.disasters.forEach((disaster, index) => warnIfMayMissHorizon(disaster.at, ['disasters', index, 'at']));
  spec.operations.forEach((operation, index) => warnIfMayMissHorizon(operation.at, ['operations', index, 'at']));

  return warnings.map((warning) => ({ ...warning, path: ['spec', ...warning.path] }));
}
