/**
 * Episodes: each DR action a run takes for an application (a failover, a
 * relocate, a recovery in place, or a refused request) with its own figures,
 * and how they combine into the application's figures for the run. A run
 * may hold several: a relocate and, later, a failover after a site loss.
 */
import type { ActionFacts, ImageLossFacts } from './facts.js';
import type { ApplicationRuntime } from './application-runtime.js';
import { emptyBreakdown, RTO_STEPS, type ApplicationOutcome, type RtoBreakdown } from './run-record.js';
import { bytesWritten } from './write-load.js';

export interface ActionEpisode {
  facts: ActionFacts;
  outcome: ApplicationOutcome;
}

export function newOutcome(name: string): ApplicationOutcome {
  return {
    name,
    action: 'None',
    recoveredInPlace: false,
    rpoMs: 0,
    dataLossBytes: 0,
    writesLostBytes: 0,
    kubeObjectsLost: 0,
    rtoMs: 0,
    rtoBreakdownMs: emptyBreakdown(),
    unprotectedMs: 0,
    writeStallMs: 0,
    reprotected: true,
    splitBrainMs: 0,
    splitBrainBytes: 0,
    vms: [],
  };
}

/** An action's losses from its images' ledgers: the differing bytes (data lost) and the writes lost. */
export function recordLosses(outcome: ApplicationOutcome, images: readonly ImageLossFacts[]): void {
  outcome.dataLossBytes = images.reduce((sum, image) => sum + image.differingBytes, 0);
  outcome.writesLostBytes = images.reduce((sum, image) => sum + image.lostBytes, 0);
}

function breakdownTotal(breakdown: RtoBreakdown): number {
  return RTO_STEPS.reduce((sum, step) => sum + breakdown[step], 0);
}

/**
 * Closes an episode at the end of the run: an action still waiting (for a
 * hub, a cluster, a sync) counts its RTO and unprotected time up to the end,
 * the time its steps did not account for going to `other`.
 */
export function closeEpisode(episode: ActionEpisode, endMs: number): void {
  const { outcome, facts } = episode;
  if (outcome.action === 'None') return;
  if (!outcome.reprotected) outcome.unprotectedMs = endMs - (outcome.outageStartMs ?? facts.triggerMs);
  if (outcome.readyMs !== undefined) return;
  outcome.rtoMs = endMs - facts.triggerMs;
  outcome.rtoBreakdownMs.other += outcome.rtoMs - breakdownTotal(outcome.rtoBreakdownMs);
}

/**
 * The application's figures for the run: the worst RPO and RTO of its
 * episodes (or of an outage nothing answered), their data and object losses
 * and unprotected time added up, split-brain over the whole run.
 */
export function combineEpisodes(
  application: ApplicationRuntime,
  episodes: readonly ActionEpisode[],
  clusters: readonly [string, string],
  endMs: number,
): ApplicationOutcome {
  const combined = newOutcome(application.name);
  let worstRpo = -1;
  for (const { outcome } of episodes) {
    if (outcome.action !== 'None') combined.action = outcome.action;
    combined.refusedReason ??= outcome.refusedReason;
    combined.outageStartMs ??= outcome.outageStartMs;
    if (outcome.readyMs !== undefined) combined.readyMs = outcome.readyMs;
    combined.recoveredInPlace ||= outcome.recoveredInPlace;
    combined.dataLossBytes += outcome.dataLossBytes;
    combined.writesLostBytes += outcome.writesLostBytes;
    combined.kubeObjectsLost += outcome.kubeObjectsLost;
    combined.unprotectedMs += outcome.unprotectedMs;
    combined.reprotected &&= outcome.reprotected;
    if (outcome.rpoMs > worstRpo) {
      worstRpo = outcome.rpoMs;
      combined.rpoMs = outcome.rpoMs;
      combined.vms = outcome.vms;
    }
    if (outcome.rtoMs > combined.rtoMs) {
      combined.rtoMs = outcome.rtoMs;
      combined.rtoBreakdownMs = { ...outcome.rtoBreakdownMs };
    }
  }
  // An outage no workflow answered (no response, or one refused) lasts to the end.
  if (application.outageStartMs !== undefined && endMs - application.outageStartMs > combined.rtoMs) {
    combined.outageStartMs ??= application.outageStartMs;
    combined.rtoMs = endMs - application.outageStartMs;
    combined.rtoBreakdownMs.other += combined.rtoMs - breakdownTotal(combined.rtoBreakdownMs);
  }
  const split = splitBrain(application, clusters, endMs);
  combined.splitBrainMs = split.ms;
  combined.splitBrainBytes = split.bytes;
  combined.writeStallMs = application.writeStallMs;
  return combined;
}

/**
 * Every period in which instances on both clusters wrote (INV-05), and the
 * bytes written on one side during it: those the losing side throws away.
 */
export function splitBrain(application: ApplicationRuntime, clusters: readonly [string, string], endMs: number): { ms: number; bytes: number } {
  const intervals = [...application.writerIntervals];
  for (const [cluster, since] of application.writerSinceMs) intervals.push({ cluster, fromMs: since, toMs: endMs, reason: 'running' });
  const on = (cluster: string) => intervals.filter((interval) => interval.cluster === cluster);
  let ms = 0;
  let bytes = 0;
  for (const a of on(clusters[0])) {
    for (const b of on(clusters[1])) {
      const from = Math.max(a.fromMs, b.fromMs);
      const to = Math.min(a.toMs, b.toMs);
      if (to <= from) continue;
      ms += to - from;
      for (const image of application.images) bytes += bytesWritten(image.spec.writeProfile, from, to);
    }
  }
  return { ms, bytes };
}
