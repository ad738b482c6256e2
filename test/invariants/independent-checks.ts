/**
 * The invariants of docs/domain.md section 7 recomputed by the tests themselves,
 * from the raw record of a run (the image write ledgers, the replication
 * timelines, the writer periods, the control-plane history, and a timeline
 * of the topology the test records while the run goes), so that the
 * property tests do not merely trust src/analysis/invariants.ts.
 */
import { minimum } from '../../src/sim/index.js';
import type { RunDriver, SimulatedRun } from '../../src/models/driver.js';
import type { ActionEpisode } from '../../src/models/episodes.js';
import { recoveryPointAt, recoveryPointSteps } from '../../src/analysis/rpo-timeline.js';
import { CaptureOutcome } from '../../src/models/kube-capture.js';
import { RTO_STEPS } from '../../src/models/run-record.js';

export interface TopologySample {
  atMs: number;
  hubUp: boolean;
  seenByHub: Record<string, boolean>;
  /** The two data sites reach each other. */
  dataLinkUp: boolean;
}

/** Records the topology now and after every change of the driver's world. */
export function recordTopology(driver: RunDriver): TopologySample[] {
  const { world } = driver;
  const samples: TopologySample[] = [];
  const sample = () => {
    const topology = world.topology;
    samples.push({
      atMs: world.now,
      hubUp: topology.isHubUp(),
      seenByHub: Object.fromEntries(world.clusters.map((cluster) => [cluster, topology.hubSeesCluster(cluster)])),
      dataLinkUp: topology.sitesConnected(topology.siteOfCluster(world.clusters[0]), topology.siteOfCluster(world.clusters[1])),
    });
  };
  sample();
  world.topologyListeners.push(sample);
  return samples;
}

/** The topology at `atMs` after every change at that instant (or just before it). */
function topologyAt(samples: readonly TopologySample[], atMs: number, strictlyBefore = false): TopologySample {
  let found = samples[0];
  for (const sample of samples) {
    if (strictlyBefore ? sample.atMs < atMs : sample.atMs <= atMs) found = sample;
    else break;
  }
  return found;
}

const isWithin = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Everything the run's record contradicts, as messages (empty when it all holds). */
export function independentProblems(run: SimulatedRun, samples: readonly TopologySample[]): string[] {
  const problems: string[] = [];
  const { world, record } = run;
  const spec = world.scenario.spec;
  const fencing = spec.response.fencing;
  const history = world.control.history;
  const fenceStateAt = (cluster: string, atMs: number) => {
    let state = history[0].state.fencing[cluster];
    for (const version of history) if (version.timeMs <= atMs) state = version.state.fencing[cluster];
    return state;
  };

  for (const entry of run.actions) {
    const application = world.applications.find((candidate) => candidate.name === entry.application)!;
    for (const episode of entry.episodes) {
      const { facts, outcome } = episode;
      const name = `${entry.application} ${facts.action}@${facts.triggerMs}`;
      if (outcome.rpoMs < 0) problems.push(`INV-02 ${name}: negative RPO ${outcome.rpoMs}`);

      // INV-01 and INV-06: Metro, fenced before promote, nothing lost with the link up before the failure.
      if (record.mode === 'metro' && facts.action === 'Failover' && facts.promoteMs !== undefined && fencing !== 'None') {
        const source = facts.source!;
        if (fenceStateAt(source, facts.promoteMs) === 'Unfenced') problems.push(`INV-06 ${name}: ${source} unfenced at the promote ${facts.promoteMs}`);
        // "Link up at the failure": up just before it, and never down while the old side could still write.
        const lossEndMs = facts.images?.[0]?.lossEndMs ?? facts.triggerMs;
        const linkUp =
          topologyAt(samples, facts.triggerMs, true).dataLinkUp &&
          samples.every((sample) => sample.atMs < facts.triggerMs || sample.atMs >= lossEndMs || sample.dataLinkUp);
        if (linkUp && outcome.dataLossBytes !== 0) {
          problems.push(`INV-01 ${name}: Metro with the link up lost ${outcome.dataLossBytes} bytes`);
        }
      }

      // INV-03: the recovery point is the newest snapshot fully synced by the promote.
      if (record.mode === 'snapshot' && facts.action === 'Failover' && facts.promoteMs !== undefined) {
        for (const image of facts.images!) {
          const timeline = record.images[image.image];
          const expected = recoveryPointAt(recoveryPointSteps(timeline.syncedCompletionMs, timeline.syncedCreationMs), facts.promoteMs);
          if (image.recoveryPointMs !== expected) problems.push(`INV-03 ${name}: image ${image.image} recovered to ${image.recoveryPointMs}, newest synced ${expected}`);
        }
      }

      // INV-04: a relocate that ran saw both clusters from the hub, and lost nothing by the write ledger.
      if (facts.action === 'Relocate') {
        const seen = topologyAt(samples, facts.triggerMs);
        const reachable = seen.hubUp && world.clusters.every((cluster) => seen.seenByHub[cluster]);
        if (facts.refusedReason === undefined && !reachable) problems.push(`INV-04 ${name}: relocate ran without both clusters reachable`);
        if (outcome.action === 'Relocate' && facts.images) {
          for (const image of facts.images) {
            const after = world.images[image.image].writes.writtenBetween(Math.max(0, image.recoveryPointMs), image.lossEndMs);
            if (after !== 0) problems.push(`INV-04 ${name}: ${after} bytes written after the recovery point`);
          }
        }
      }

      // INV-07: the restored capture is the last one complete at the loss.
      if (facts.restoredCaptureStartMs !== undefined && facts.kubeLossEndMs !== undefined && application.capture) {
        const captures = application.capture.captures;
        let expected: number | null = null;
        captures.startMs.forEach((start, index) => {
          if (captures.outcome[index] === CaptureOutcome.Complete && captures.endMs[index] <= facts.kubeLossEndMs!) expected = start;
        });
        if (expected !== facts.restoredCaptureStartMs) problems.push(`INV-07 ${name}: restored ${facts.restoredCaptureStartMs}, last complete ${expected}`);
      }

      problems.push(...rtoProblems(run, name, episode));

      // INV-10: the hub was up when the action started.
      if (facts.hubActionMs !== undefined && !topologyAt(samples, facts.hubActionMs).hubUp) {
        problems.push(`INV-10 ${name}: started at ${facts.hubActionMs} with the hub down`);
      }
    }

    // INV-05: two-writer periods, from the writer periods; none in Metro unless fencing is None.
    const periods = [...application.writerIntervals];
    for (const [cluster, since] of application.writerSinceMs) periods.push({ cluster, fromMs: since, toMs: record.endMs, reason: 'running' });
    let overlapMs = 0;
    for (const a of periods.filter((period) => period.cluster === world.clusters[0])) {
      for (const b of periods.filter((period) => period.cluster === world.clusters[1])) {
        overlapMs += Math.max(0, Math.min(a.toMs, b.toMs) - Math.max(a.fromMs, b.fromMs));
      }
    }
    if (overlapMs !== entry.outcome.splitBrainMs) problems.push(`INV-05 ${entry.application}: ${overlapMs} ms of two writers, ${entry.outcome.splitBrainMs} ms reported`);
    if (record.mode === 'metro' && fencing !== 'None' && overlapMs > 0) problems.push(`INV-05 ${entry.application}: two Metro writers for ${overlapMs} ms with fencing ${fencing}`);
  }

  // INV-10: the hub changes DRPC actions and placements only while it is up.
  for (let index = 1; index < history.length; index++) {
    const before = history[index - 1].state.drpcs;
    const after = history[index].state.drpcs;
    const hubChange = Object.keys(after).some((app) => after[app].action !== before[app].action || after[app].placement !== before[app].placement);
    if (hubChange && !topologyAt(samples, history[index].timeMs).hubUp) problems.push(`INV-10 ${history[index].reason} at ${history[index].timeMs} with the hub down`);
  }

  // INV-08: at the end, every byte written is replicated, pending, unsnapshotted or thrown away by a failover.
  if (record.mode === 'snapshot') {
    for (const image of world.images) {
      const written = image.writes.totalWrittenBytes(record.endMs);
      const accounted = image.replicatedWrittenBytes + image.pendingWrittenBytes() + image.writes.peek(record.endMs).writtenBytes + image.discardedWrittenBytes;
      if (!isWithin(written, accounted)) problems.push(`INV-08 ${image.spec.name}: written ${written}, accounted ${accounted}`);
    }
  }

  problems.push(...steadyStateProblems(run));
  return problems;
}

/** INV-09: the RTO runs from the trigger (the outage, or a relocate's stop) to ready, its steps add up to it, and it covers detection and decision. */
function rtoProblems(run: SimulatedRun, name: string, { facts, outcome }: ActionEpisode): string[] {
  if (outcome.readyMs === undefined) return [];
  const problems: string[] = [];
  // A relocate's downtime starts when ACM deletes the application, after the action.
  const startMs =
    facts.action === 'RecoverInPlace' ? outcome.readyMs - outcome.rtoMs : facts.action === 'Relocate' ? (facts.downtimeStartMs ?? NaN) : facts.triggerMs;
  if (facts.action === 'Relocate' && !(startMs >= facts.triggerMs)) problems.push(`INV-09 ${name}: downtime starts at ${startMs}, before the action at ${facts.triggerMs}`);
  if (facts.action !== 'RecoverInPlace' && outcome.rtoMs !== outcome.readyMs - startMs) problems.push(`INV-09 ${name}: RTO ${outcome.rtoMs} is not ready - its start`);
  const steps = RTO_STEPS.reduce((sum, step) => sum + outcome.rtoBreakdownMs[step], 0);
  if (Math.abs(steps - outcome.rtoMs) > 1e-6) problems.push(`INV-09 ${name}: steps add up to ${steps}, RTO ${outcome.rtoMs}`);
  if (facts.action === 'Failover' && facts.cause === 'disaster') {
    const spec = run.world.scenario.spec;
    const floor = Math.max(0, minimum(run.world.timings.detection)) + Math.max(0, minimum(spec.response.decisionDelay));
    if (outcome.rtoMs < floor) problems.push(`INV-09 ${name}: RTO ${outcome.rtoMs} below detection + decision ${floor}`);
    if (outcome.rtoBreakdownMs.detection + outcome.rtoBreakdownMs.decision < floor) problems.push(`INV-09 ${name}: detection and decision steps below their minimum`);
  }
  return problems;
}

/**
 * INV-02 from the replication timelines: over the steady state, where no
 * snapshot was merged and every sync took at most one interval, an image's
 * RPO stays within interval + longest sync + the scheduler's creation lag.
 */
function steadyStateProblems(run: SimulatedRun): string[] {
  const { record, world } = run;
  const interval = record.schedulingIntervalMs;
  const start = record.protectionEstablishedMs;
  if (record.mode !== 'snapshot' || interval === null || start === null) return [];
  const end = record.steadyStateEndMs;
  const creationLag = world.timings.schedulerLagMaxMs + Math.ceil(world.images.length / world.timings.schedulerBatch) * world.timings.snapshotCreateMs;
  const problems: string[] = [];
  for (const image of record.images) {
    const steps = recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs);
    let longestSync = 0;
    let steady = image.mergedSnapshots === 0;
    let worst = 0;
    for (let index = 0; index < steps.times.length; index++) {
      const completion = steps.times[index];
      if (completion > end) break;
      if (completion <= start) continue;
      const sync = completion - steps.points[index];
      longestSync = Math.max(longestSync, sync);
      if (sync > interval) steady = false;
      // Just before this step the RPO peaked at completion - previous point.
      worst = Math.max(worst, completion - recoveryPointAt(steps, completion - 1));
    }
    const pointAtEnd = recoveryPointAt(steps, end);
    worst = Math.max(worst, end - pointAtEnd);
    // A snapshot taken after the recovery point and not synced by the end: its sync has run that long.
    const taken = Array.from(image.lagSampleTimeMs).filter((creation) => creation > pointAtEnd && creation <= end);
    if (taken.length > 0) {
      const running = end - Math.min(...taken);
      longestSync = Math.max(longestSync, running);
      if (running > interval) steady = false;
    }
    if (steady && end > start && worst > interval + longestSync + creationLag + 1) {
      problems.push(`INV-02 ${image.name}: steady-state RPO ${worst} above ${interval + longestSync + creationLag}`);
    }
  }
  return problems;
}
