/**
 * One run of a scenario: build the world, start protection, let the
 * scenario's disasters and operations strike at their (sampled) instants,
 * answer them with the DRPC workflows, and hand back the run's record.
 *
 * The horizon bounds when disasters and operations start; the run goes on
 * until the workflows they started have finished (or can never progress), so
 * an RTO is never cut short.
 */
import { Interrupt, type Process, type ProcessBody } from '../sim/index.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { ApplicationRuntime } from './application-runtime.js';
import type { ActionFacts } from './facts.js';
import type { ApplicationOutcome, ImageTimeline, RunRecord, RunWarning } from './run-record.js';
import { World } from './world.js';
import { bytesWritten as bytesOf } from './write-load.js';
import {
  failover,
  newOutcome,
  recoverInPlace,
  relocate,
  stopWriter,
  type Trigger,
  type WorkflowContext,
} from './workflows.js';

export interface SimulateOptions {
  runIndex: number;
  /** Keep the engine's event log. */
  log?: boolean;
  /** Most engine events one run may execute (a clear error beyond). */
  maxEvents?: number;
}

/** How long past the horizon a run may go on finishing its workflows. */
export const MAX_RUN_EXTENSION_MS = 30 * 24 * 3600 * 1000;

export interface ApplicationActions {
  application: string;
  outcome: ApplicationOutcome;
  facts: ActionFacts[];
}

export interface SimulatedRun {
  record: RunRecord;
  world: World;
  actions: ApplicationActions[];
}

interface ActiveWorkflow {
  process: Process<void>;
  context: WorkflowContext;
}

export function simulateRun(scenario: Scenario, options: SimulateOptions): SimulatedRun {
  const spec = scenario.spec;
  const world = new World(scenario, { runIndex: options.runIndex, log: options.log });
  const sim = world.sim;
  const warnings: RunWarning[] = [];
  const actions = new Map<string, ApplicationActions>(
    world.applications.map((application) => [application.name, { application: application.name, outcome: newOutcome(application), facts: [] }]),
  );
  const active = new Map<string, ActiveWorkflow>();
  let firstStrikeMs = spec.horizon;
  let pendingStrikes = 0;

  const contextFor = (application: ApplicationRuntime, facts: ActionFacts): WorkflowContext => ({
    world,
    application,
    outcome: actions.get(application.name)!.outcome,
    facts,
    fencing: spec.response.fencing,
    decisionDelay: spec.response.decisionDelay,
  });

  const launch = (
    application: ApplicationRuntime,
    kind: ActionFacts['action'],
    trigger: Trigger,
    body: (context: WorkflowContext) => ProcessBody<void>,
  ) => {
    const facts: ActionFacts = { action: kind, cause: trigger.cause, triggerMs: trigger.atMs };
    actions.get(application.name)!.facts.push(facts);
    const context = contextFor(application, facts);
    application.busy = true;
    const process = sim.process(guarded(body(context), application, context), `${kind}:${application.name}`);
    active.set(application.name, { process, context });
    process.onTrigger(() => {
      application.busy = false;
      active.delete(application.name);
      stopWhenSettled();
    });
  };

  /** A failover interrupted because the failed primary came back recovers in place. */
  function* guarded(body: ProcessBody<void>, application: ApplicationRuntime, context: WorkflowContext): ProcessBody<void> {
    try {
      yield* body;
    } catch (error) {
      if (!(error instanceof Interrupt)) throw error;
      const outcome = context.outcome;
      outcome.action = 'None';
      if (application.running.has(application.primary)) return;
      context.facts.action = 'RecoverInPlace';
      yield* recoverInPlace(context, outcome.outageStartMs ?? world.now);
    }
  }

  const primaryLost = (application: ApplicationRuntime) =>
    !world.topology.isClusterUp(application.primary) ||
    (world.topology.isHubUp() && !world.topology.hubSeesCluster(application.primary));

  /** After each topology change: crashes, failover triggers, recoveries in place. */
  const evaluate = () => {
    for (const application of world.applications) {
      for (const cluster of [...application.running]) {
        if (!world.topology.isClusterUp(cluster)) {
          stopWriter(world, application, cluster, 'crashed');
          if (cluster === application.primary) {
            application.capture?.stop(world.now);
            actions.get(application.name)!.outcome.outageStartMs ??= world.now;
          }
        }
      }
      const workflow = active.get(application.name);
      if (workflow) {
        // The failed primary is back before anything was promoted: no failover needed.
        const facts = workflow.context.facts;
        if (
          facts.action === 'Failover' &&
          facts.promoteMs === undefined &&
          world.topology.isClusterUp(application.primary) &&
          (application.running.has(application.primary) || world.topology.hubSeesCluster(application.primary) || !world.topology.isHubUp())
        ) {
          workflow.process.interrupt('the primary cluster returned');
        }
        continue;
      }
      const outcome = actions.get(application.name)!.outcome;
      if (application.running.size === 0 && world.topology.isClusterUp(application.primary) && outcome.action === 'None' && outcome.outageStartMs !== undefined && outcome.readyMs === undefined) {
        const trigger: Trigger = { cause: 'disaster', atMs: outcome.outageStartMs };
        launch(application, 'RecoverInPlace', trigger, (context) => recoverInPlace(context, trigger.atMs));
        continue;
      }
      if (outcome.action === 'None' && outcome.readyMs === undefined && outcome.refusedReason === undefined && primaryLost(application)) {
        const trigger: Trigger = { cause: 'disaster', atMs: world.now };
        outcome.outageStartMs ??= world.now;
        if (spec.response.action === 'Relocate') {
          launch(application, 'Relocate', trigger, (context) => relocate(context, trigger));
        } else {
          launch(application, 'Failover', trigger, (context) => failover(context, trigger));
        }
      }
    }
  };
  world.topologyListeners.push(evaluate);

  const stopWhenSettled = () => {
    if (pendingStrikes === 0 && active.size === 0 && sim.now >= firstStrikeMs) sim.stop();
  };

  spec.disasters.forEach((disaster, index) => {
    const stream = world.streams.stream(`disaster/${index}`);
    const atMs = world.sample(disaster.at, stream);
    if (atMs > spec.horizon) {
      warnings.push({ code: 'DISASTER_AFTER_HORIZON', message: `disasters[${index}] at ${atMs} ms falls after the horizon; ignored` });
      return;
    }
    const repairMs = disaster.repairAfter === undefined ? undefined : world.sample(disaster.repairAfter, stream);
    firstStrikeMs = Math.min(firstStrikeMs, atMs);
    pendingStrikes++;
    sim.scheduleAt(atMs, () => {
      pendingStrikes--;
      const repair = strike(world, disaster);
      world.topologyUpdated();
      if (repairMs !== undefined) {
        pendingStrikes++;
        sim.schedule(repairMs, () => {
          pendingStrikes--;
          repair();
          world.topologyUpdated();
          stopWhenSettled();
        });
      }
      stopWhenSettled();
    });
  });

  spec.operations.forEach((operation, index) => {
    const atMs = world.sample(operation.at, world.streams.stream(`operation/${index}`));
    if (atMs > spec.horizon) {
      warnings.push({ code: 'OPERATION_AFTER_HORIZON', message: `operations[${index}] at ${atMs} ms falls after the horizon; ignored` });
      return;
    }
    firstStrikeMs = Math.min(firstStrikeMs, atMs);
    pendingStrikes++;
    sim.scheduleAt(atMs, () => {
      pendingStrikes--;
      const application = world.applications.find((candidate) => candidate.name === operation.app)!;
      const trigger: Trigger = { cause: 'operator', atMs };
      const outcome = actions.get(application.name)!.outcome;
      if (application.busy) {
        outcome.refusedReason ??= 'another DR action is in progress';
      } else if (operation.action === 'Relocate') {
        launch(application, 'Relocate', trigger, (context) => relocate(context, trigger));
      } else {
        outcome.outageStartMs ??= atMs;
        launch(application, 'Failover', trigger, (context) => failover(context, trigger));
      }
      stopWhenSettled();
    });
  });

  world.startProtection();
  const horizonEnd = pendingStrikes === 0 ? spec.horizon : spec.horizon + MAX_RUN_EXTENSION_MS;
  sim.run({ until: horizonEnd, maxEvents: options.maxEvents });
  if (active.size > 0) {
    warnings.push({ code: 'WORKFLOW_UNFINISHED', message: `workflows still running at the end of the run: ${[...active.keys()].join(', ')}` });
  }
  const endMs = sim.now;
  for (const application of world.applications) finishOutcome(world, application, actions.get(application.name)!.outcome, endMs);

  const record: RunRecord = {
    runIndex: options.runIndex,
    traceDigest: sim.trace.digest(),
    eventsProcessed: sim.eventsProcessed,
    endMs,
    mode: world.mode,
    schedulingIntervalMs: world.schedulingIntervalMs,
    protectionEstablishedMs: world.protectionEstablishedMs,
    steadyStateEndMs: Math.min(firstStrikeMs, spec.horizon),
    applications: world.applications.map((application) => actions.get(application.name)!.outcome),
    images: world.images.map(
      (image): ImageTimeline => ({
        name: image.spec.name,
        application: image.spec.application,
        vm: image.spec.vm,
        syncedCreationMs: image.syncedCreationMs.view(),
        syncedCompletionMs: image.syncedCompletionMs.view(),
        lagSampleTimeMs: image.lagSampleTimeMs.view(),
        lagSampleMs: image.lagSampleMs.view(),
        mergedSnapshots: image.mergedSnapshots,
      }),
    ),
    constantLagMs: world.mode === 'metro' ? 0 : world.mode === 'journal' ? world.journalLagMs : null,
    unboundedBacklog: world.journalUnbounded,
    violations: [],
    warnings,
  };
  return { record, world, actions: [...actions.values()] };
}

/** Applies a disaster to the topology; returns how to repair it. */
function strike(world: World, disaster: Scenario['spec']['disasters'][number]): () => void {
  const topology = world.topology;
  const target = disaster.target;
  switch (disaster.kind) {
    case 'siteLoss':
      topology.setSiteUp(target, false);
      if (world.mode === 'metro') {
        world.metroStallUntilMs = world.now + world.sample(world.timings.metroIoStall, world.streams.stream('metro'));
      }
      return () => topology.setSiteUp(target, true);
    case 'clusterLoss':
      topology.setClusterUp(target, false);
      return () => topology.setClusterUp(target, true);
    case 'hubLoss':
      topology.setHubUp(false);
      return () => topology.setHubUp(true);
    case 'linkCut': {
      const partition = topology.cut(target, disaster.from ?? []);
      return () => topology.heal(partition);
    }
    case 's3Outage':
      topology.setS3Up(target, false);
      return () => topology.setS3Up(target, true);
  }
}

/** Closes what is still open at the end of the run: split-brain windows, unprotected time. */
function finishOutcome(world: World, application: ApplicationRuntime, outcome: ApplicationOutcome, endMs: number): void {
  const intervals = [...application.writerIntervals];
  for (const [cluster, since] of application.writerSinceMs) intervals.push({ cluster, fromMs: since, toMs: endMs, reason: 'running' });
  let splitMs = 0;
  let splitBytes = 0;
  const byCluster = (cluster: string) => intervals.filter((interval) => interval.cluster === cluster);
  const [first, second] = world.clusters;
  for (const a of byCluster(first)) {
    for (const b of byCluster(second)) {
      const from = Math.max(a.fromMs, b.fromMs);
      const to = Math.min(a.toMs, b.toMs);
      if (to <= from) continue;
      splitMs += to - from;
      // The side that loses its writes is the one that stopped first (demoted or fenced).
      for (const image of application.images) splitBytes += bytesOf(image.spec.writeProfile, from, to);
    }
  }
  outcome.splitBrainMs = splitMs;
  outcome.splitBrainBytes = splitBytes;
  if (outcome.outageStartMs !== undefined && outcome.action !== 'Relocate' && !application.peerReady) {
    outcome.reprotected = false;
    outcome.unprotectedMs = endMs - outcome.outageStartMs;
  }
  if (outcome.outageStartMs !== undefined && outcome.readyMs === undefined) {
    outcome.rtoMs = endMs - outcome.outageStartMs;
  }
}
