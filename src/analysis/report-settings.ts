/**
 * The scenario's key settings as a report lists them: in the scenario's own
 * notation (`5m`, `1Gbps`, `100Gi`), so an architect recognises what was
 * simulated without opening the YAML.
 */
import type { Distribution } from '../sim/distributions.js';
import { formatBandwidth, formatDataRate, formatDuration, meanBytesPerSecond, type Scenario } from '../scenarios/index.js';
import type { ScenarioSetting } from './report-data.js';

export function scenarioSettings(scenario: Scenario): ScenarioSetting[] {
  const spec = scenario.spec;
  const settings: ScenarioSetting[] = [];
  const add = (label: string, value: string) => settings.push({ label, value });
  add('Replication', replication(scenario));
  const [first, second] = spec.drPolicy.drClusters;
  const siteOf = (cluster: string) => spec.clusters.find((candidate) => candidate.name === cluster)?.site ?? '?';
  add('DR clusters', `${first} (${siteOf(first)}) and ${second} (${siteOf(second)}); hub in ${spec.hub.site}`);
  for (const link of spec.links) {
    add(`Link ${link.between.join(' - ')}`, `${formatBandwidth(link.bandwidth)}, RTT ${duration(link.rtt)}`);
  }
  for (const application of spec.applications) add(`Application ${application.name}`, applicationLoad(application));
  spec.disasters.forEach((disaster, index) => {
    const repair = disaster.repairAfter ? `, repaired after ${distribution(disaster.repairAfter)}` : ', not repaired';
    add(`Disaster ${index + 1}`, `${disaster.kind} ${disaster.target} at ${distribution(disaster.at)}${repair}`);
  });
  spec.operations.forEach((operation, index) => {
    add(`Operation ${index + 1}`, `${operation.action} ${operation.app ?? operation.cluster} at ${distribution(operation.at)}`);
  });
  const fencing = spec.drPolicy.schedulingInterval === null ? `, fencing ${spec.response.fencing}` : '';
  add('Response', `${spec.response.action} after a decision delay of ${distribution(spec.response.decisionDelay)}${fencing}`);
  if (spec.objectives) add('Objectives', objectives(spec.objectives));
  add('Horizon', duration(spec.horizon));
  return settings;
}

function replication(scenario: Scenario): string {
  const policy = scenario.spec.drPolicy;
  if (policy.schedulingInterval === null) return `Metro-DR (synchronous), DRPolicy ${policy.name}`;
  if (policy.mirroringMode === 'journal') return `Regional-DR, journal mirroring, DRPolicy ${policy.name}`;
  return `Regional-DR, snapshot mirroring every ${duration(policy.schedulingInterval)}, DRPolicy ${policy.name}`;
}

function applicationLoad(application: Scenario['spec']['applications'][number]): string {
  const parts: string[] = [];
  let rate = 0;
  for (const vm of application.vms) {
    parts.push(`${vm.count} x VM ${vm.name} (${vm.disks.length} disk${vm.disks.length === 1 ? '' : 's'})`);
    for (const disk of vm.disks) rate += vm.count * meanBytesPerSecond(disk.writeRate);
  }
  for (const volume of application.volumes) {
    parts.push(`volume ${volume.name}`);
    rate += meanBytesPerSecond(volume.writeRate);
  }
  const capture = application.kubeObjectProtection
    ? `; kube objects captured every ${duration(application.kubeObjectProtection.captureInterval)}`
    : '';
  return `${parts.join(', ')}; writes ${formatDataRate(Math.round(rate))} on average${capture}`;
}

function objectives(target: NonNullable<Scenario['spec']['objectives']>): string {
  const parts: string[] = [];
  if (target.rpo !== undefined) parts.push(`RPO <= ${duration(target.rpo)}`);
  if (target.rto !== undefined) parts.push(`RTO <= ${duration(target.rto)}`);
  return `${parts.join(', ')} at p${target.percentile}`;
}

function duration(ms: number): string {
  return Number.isInteger(ms) && ms >= 0 ? formatDuration(ms) : `${Math.round(ms)}ms`;
}

function distribution(value: Distribution): string {
  switch (value.kind) {
    case 'constant':
      return duration(value.value);
    case 'uniform':
      return `uniform ${duration(value.min)} to ${duration(value.max)}`;
    case 'exponential':
      return `exponential, mean ${duration(value.mean)}`;
    case 'lognormal':
      return `lognormal, median ${duration(value.median)}, p95 ${duration(value.p95)}`;
    case 'empirical':
      return `empirical (${value.values.length} values)`;
  }
}
