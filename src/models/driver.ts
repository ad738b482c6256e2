/**
 * A live run, driven step by step: build the world of a scenario, advance
 * its clock, apply operator actions and faults, read its state, and finally
 * close it into the run's record. simulateRun (simulate-run.ts) is this
 * driver fed with the scenario's own disasters and operations; tests,
 * reports and debugging sessions drive it by hand.
 *
 * After every change of the topology the driver lets the world react: the
 * instances on a lost cluster crash, a lost primary is answered as the
 * scenario's `response` says, and an application whose primary returned
 * before anything was promoted recovers in place.
 */
import { Interrupt, type Process, type ProcessBody } from '../sim/index.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import { isAlive, loseInstance, type ApplicationRuntime } from './application-runtime.js';
import type { DrpcState, FenceState } from './control-plane.js';
import { closeEpisode, combineEpisodes, newOutcome, type ActionEpisode } from './episodes.js';
import type { ActionFacts } from './facts.js';
import { applyFault, isFault, type Fault } from './faults.js';
import { fenceCluster, isFenced, setFenced, setUnfenced } from './fencing.js';
import type { ApplicationOutcome, ImageTimeline, RunRecord, RunWarning } from './run-record.js';
import { lastSyncRefreshPeriodMs } from './last-sync-refresh.js';
import { World } from './world.js';
import { failover, recoverInPlace, relocate, relocateRefusal, type Trigger, type WorkflowContext } from './workflows.js';
import { metroThrottleWarning } from './write-path.js';

export interface DriverOptions {
  runIndex: number;
  /** Keep the engine's event log. */
  log?: boolean;
  /** Most engine events the run may execute in all (a clear error beyond). */
  maxEvents?: number;
  /** Answer a lost primary as spec.response says (default); false leaves every DR action to act(). */
  respond?: boolean;
}

/** What an operator does on the hub. */
export type OperatorAction =
  | { kind: 'failover'; application: string }
  | { kind: 'relocate'; application: string }
  /** DRCluster clusterFence (Metro-DR only): Fenced takes a NetworkFence round trip (fencing.ts), ManuallyFenced is immediate (default). */
  | { kind: 'fence'; cluster: string; mode?: 'Fenced' | 'ManuallyFenced' }
  | { kind: 'unfence'; cluster: string };

export type DriverAction = OperatorAction | Fault;

export interface ActResult {
  accepted: boolean;
  /** Why the action was refused. */
  reason?: string;
  /** The partition a linkCut made (heal it with linkHeal). */
  partition?: number;
  /** A NetworkFence fence or unfence: in how long the hub sees it done. */
  settlesInMs?: number;
}

export interface ApplicationActions {
  application: string;
  /** The application's figures for the run (its episodes combined). */
  outcome: ApplicationOutcome;
  /** Every DR action of the run for this application, in start order. */
  episodes: ActionEpisode[];
  /** The facts of each episode, in the same order (episodes[i].facts). */
  facts: ActionFacts[];
}

export interface SimulatedRun {
  record: RunRecord;
  world: World;
  actions: ApplicationActions[];
}

/** A plain snapshot of what the run looks like now. */
export interface DriverState {
  nowMs: number;
  hubUp: boolean;
  hubSite: string;
  clusters: Record<string, { up: boolean; seenByHub: boolean; fence: FenceState }>;
  applications: Record<
    string,
    {
      primary: string;
      running: string[];
      /** Instances alive but not writing (Metro-DR, their site lost quorum). */
      stalled: string[];
      busy: boolean;
      peerReady: boolean;
      drpc: DrpcState;
      /** Every image has a recovery point on the peer (Regional: the initial sync completed). */
      dataReady: boolean;
    }
  >;
}

interface ActiveWorkflow {
  process: Process<void>;
  context: WorkflowContext;
}

export class RunDriver {
  readonly world: World;
  readonly warnings: RunWarning[] = [];
  /** Called whenever a workflow ends (simulateRun stops the run once nothing is left to do). */
  onWorkflowEnd: () => void = () => undefined;
  private readonly respond: boolean;
  private readonly maxEvents: number | undefined;
  private readonly episodesByApplication: Map<string, ActionEpisode[]>;
  private readonly active = new Map<string, ActiveWorkflow>();
  private started = false;
  /** First fault or action: the end of the steady state. */
  private firstDisturbanceMs = Infinity;

  constructor(
    readonly scenario: Scenario,
    private readonly options: DriverOptions,
  ) {
    this.world = new World(scenario, { runIndex: options.runIndex, log: options.log });
    this.respond = options.respond ?? true;
    this.maxEvents = options.maxEvents;
    this.episodesByApplication = new Map(this.world.applications.map((application) => [application.name, []]));
    this.world.topologyListeners.push(() => this.evaluate());
    this.world.onBackgroundEnd = (application) => {
      // A failover refused while the resync ran is answered now, if the primary is still lost.
      application.responseRefused = false;
      this.evaluate();
      this.onWorkflowEnd();
    };
    const throttled = metroThrottleWarning(scenario.spec);
    if (throttled) this.warnings.push(throttled);
  }

  get now(): number {
    return this.world.now;
  }

  /** The DR actions taken so far for `application`, in start order (live: read, do not keep). */
  episodes(application: string): readonly ActionEpisode[] {
    const episodes = this.episodesByApplication.get(application);
    if (!episodes) throw new Error(`no application ${application} in the scenario`);
    return episodes;
  }

  /** Workflows still running, and the work they left running (a resync after PeerReady). */
  get activeWorkflows(): number {
    return this.active.size + this.world.backgroundProcesses;
  }

  /** Starts protection (the initial full sync) at the current time; once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.world.startProtection();
  }

  /** Runs the clock forward by `ms` (events up to and at now + ms). */
  advance(ms: number): void {
    this.runUntil(this.now + ms);
  }

  /** Runs events up to `timeMs` inclusive (or until something calls stop()). */
  runUntil(timeMs: number): void {
    this.start();
    const budget = this.maxEvents === undefined ? undefined : Math.max(0, this.maxEvents - this.world.sim.eventsProcessed);
    this.world.sim.run({ until: timeMs, maxEvents: budget });
  }

  /** Applies an operator action or a fault now. */
  act(action: DriverAction): ActResult {
    this.start();
    this.firstDisturbanceMs = Math.min(this.firstDisturbanceMs, this.now);
    if (isFault(action)) {
      const partition = applyFault(this.world, action);
      this.world.topologyUpdated();
      return partition >= 0 ? { accepted: true, partition } : { accepted: true };
    }
    if (action.kind === 'fence' || action.kind === 'unfence') return this.setFence(action);
    const application = this.application(action.application);
    const trigger: Trigger = { cause: 'operator', atMs: this.now };
    const kind = action.kind === 'relocate' ? 'Relocate' : 'Failover';
    const refusal = application.busy
      ? 'another DR action is in progress'
      : action.kind === 'relocate'
        ? this.relocateRefusal(application)
        : this.failoverRefusal(application);
    if (refusal !== null) {
      this.refuse(application, kind, trigger, refusal);
      return { accepted: false, reason: refusal };
    }
    this.launch(application, kind, trigger, (context) => (kind === 'Relocate' ? relocate(context, trigger) : failover(context, trigger)));
    return { accepted: true };
  }

  state(): DriverState {
    const { world } = this;
    const topology = world.topology;
    const control = world.control.state;
    const clusters: DriverState['clusters'] = {};
    for (const name of world.clusters) {
      clusters[name] = { up: topology.isClusterUp(name), seenByHub: topology.hubSeesCluster(name), fence: control.fencing[name] };
    }
    const applications: DriverState['applications'] = {};
    for (const application of world.applications) {
      applications[application.name] = {
        primary: application.primary,
        running: [...application.running],
        stalled: [...application.stalled],
        busy: application.busy,
        peerReady: application.peerReady,
        drpc: control.drpcs[application.name],
        dataReady: world.mode !== 'snapshot' || application.images.every((image) => image.recoveryPointMs > -Infinity),
      };
    }
    return { nowMs: this.now, hubUp: topology.isHubUp(), hubSite: topology.hubSiteName, clusters, applications };
  }

  /**
   * RELOCATE_WAITED_FOR_RESYNC: PeerReady comes once the old primary is
   * demoted and resyncing, not once it is in sync, so a relocate set then
   * stops the application and waits for the rest of the copy.
   */
  private warnResyncWaits(): void {
    for (const [application, episodes] of this.episodesByApplication) {
      const waited = episodes.find((episode) => episode.facts.resyncWaitMs !== undefined);
      if (!waited) continue;
      const minutes = (waited.facts.resyncWaitMs! / 60_000).toFixed(1);
      this.warnings.push({
        code: 'RELOCATE_WAITED_FOR_RESYNC',
        message: `${application}: the relocate was set while the failback resync was still copying (PeerReady is set when it starts, not when it ends); the application was stopped and waited ${minutes} min in EnsuringVolumesAreSecondary for the copy`,
      });
      return;
    }
  }

  /** Closes the run at the current time into its record. */
  finish(steadyStateEndMs: number = Math.min(this.firstDisturbanceMs, this.now)): SimulatedRun {
    const { world } = this;
    const sim = world.sim;
    if (this.active.size > 0) {
      this.warnings.push({ code: 'WORKFLOW_UNFINISHED', message: `workflows still running at the end of the run: ${[...this.active.keys()].join(', ')}` });
    }
    const endMs = sim.now;
    const refreshPeriodMs = world.schedulingIntervalMs === null ? null : lastSyncRefreshPeriodMs(world.schedulingIntervalMs);
    this.warnResyncWaits();
    const actions = world.applications.map((application): ApplicationActions => {
      const episodes = this.episodesByApplication.get(application.name)!;
      for (const episode of episodes) closeEpisode(episode, endMs);
      const outcome = combineEpisodes(application, episodes, world.clusters, endMs);
      return { application: application.name, outcome, episodes, facts: episodes.map((episode) => episode.facts) };
    });
    const record: RunRecord = {
      runIndex: this.options.runIndex,
      traceDigest: sim.trace.digest(),
      eventsProcessed: sim.eventsProcessed,
      endMs,
      mode: world.mode,
      schedulingIntervalMs: world.schedulingIntervalMs,
      lastSyncRefreshMs: refreshPeriodMs,
      protectionEstablishedMs: world.protectionEstablishedMs,
      steadyStateEndMs,
      applications: actions.map((entry) => entry.outcome),
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
          lastSyncRefreshPhaseMs: refreshPeriodMs === null ? 0 : refreshPhaseMs(world, image.spec.name, refreshPeriodMs),
        }),
      ),
      constantLagMs: world.mode === 'metro' ? 0 : world.mode === 'journal' ? world.journalLagMs : null,
      unboundedBacklog: world.journalUnbounded,
      violations: [],
      warnings: this.warnings,
    };
    return { record, world, actions };
  }

  private application(name: string): ApplicationRuntime {
    const application = this.world.applications.find((candidate) => candidate.name === name);
    if (!application) throw new Error(`no application ${name} in the scenario`);
    return application;
  }

  /** DRCluster fencing is set on the hub, and only Metro-DR fences (docs/domain.md section 2). */
  private setFence(action: Extract<OperatorAction, { kind: 'fence' | 'unfence' }>): ActResult {
    const { world } = this;
    world.clusterIndex(action.cluster);
    if (world.mode !== 'metro') return { accepted: false, reason: 'fencing is a Metro-DR feature: in Regional-DR Ramen fences nothing' };
    if (!world.topology.isHubUp()) return { accepted: false, reason: 'the hub is down' };
    const stream = world.streams.stream(`fence/${action.cluster}`);
    let settlesInMs = 0;
    if (action.kind === 'unfence') settlesInMs = setUnfenced(world, action.cluster, stream);
    else if ((action.mode ?? 'ManuallyFenced') === 'ManuallyFenced') fenceCluster(world, action.cluster, 'ManuallyFenced');
    else settlesInMs = setFenced(world, action.cluster, stream);
    return settlesInMs > 0 ? { accepted: true, settlesInMs } : { accepted: true };
  }

  /** The DRPC lives on the hub: with the hub down nobody can set a failover (INV-10). */
  private failoverRefusal(application: ApplicationRuntime): string | null {
    if (!this.world.topology.isHubUp()) return 'the hub is down: nothing fails over until it is restored';
    // PeerReady comes while the old primary still resyncs; until the full copy ends its
    // images hold no consistent snapshot to promote.
    if (application.resyncPendingSinceMs !== undefined) return 'the failover cluster is still resyncing: its images hold no complete copy to promote';
    return null;
  }

  private relocateRefusal(application: ApplicationRuntime): string | null {
    return relocateRefusal(this.world, application, this.world.peerOf(application.primary), this.scenario.spec.response.unfencing);
  }

  /** Records a refused request as an episode of its own. */
  private refuse(application: ApplicationRuntime, kind: ActionFacts['action'], trigger: Trigger, reason: string): void {
    const outcome = newOutcome(application.name);
    outcome.refusedReason = reason;
    const facts: ActionFacts = { action: kind, cause: trigger.cause, triggerMs: trigger.atMs, refusedReason: reason };
    if (kind === 'Relocate') facts.relocatePreconditions = false;
    this.episodesByApplication.get(application.name)!.push({ facts, outcome });
  }

  private launch(
    application: ApplicationRuntime,
    kind: ActionFacts['action'],
    trigger: Trigger,
    body: (context: WorkflowContext) => ProcessBody<void>,
  ): void {
    const facts: ActionFacts = { action: kind, cause: trigger.cause, triggerMs: trigger.atMs };
    const outcome = newOutcome(application.name);
    this.episodesByApplication.get(application.name)!.push({ facts, outcome });
    const response = this.scenario.spec.response;
    const context: WorkflowContext = {
      world: this.world,
      application,
      outcome,
      facts,
      fencing: response.fencing,
      unfencing: response.unfencing,
    };
    application.busy = true;
    const process = this.world.sim.process(this.guarded(body(context), application, context), `${kind}:${application.name}`);
    this.active.set(application.name, { process, context });
    process.onTrigger((done) => {
      application.busy = false;
      this.active.delete(application.name);
      // A workflow that throws is a bug in the model: never let it pass silently.
      if (!done.ok) throw done.error;
      // What happened while it owned the application (its primary crashed, say) is answered now.
      this.evaluate();
      this.onWorkflowEnd();
    });
  }

  /** A failover abandoned because the failed primary came back: the application recovers in place. */
  private *guarded(body: ProcessBody<void>, application: ApplicationRuntime, context: WorkflowContext): ProcessBody<void> {
    try {
      yield* body;
    } catch (error) {
      if (!(error instanceof Interrupt)) throw error;
      const outcome = context.outcome;
      outcome.action = 'None';
      if (isAlive(application, application.primary)) return;
      context.facts.action = 'RecoverInPlace';
      yield* recoverInPlace(context, application.outageStartMs ?? outcome.outageStartMs ?? this.world.now);
    }
  }

  private primaryLost(application: ApplicationRuntime): boolean {
    const topology = this.world.topology;
    return !topology.isClusterUp(application.primary) || (topology.isHubUp() && !topology.hubSeesCluster(application.primary));
  }

  /** After each topology change: crashes, failover triggers, recoveries in place. */
  private evaluate(): void {
    const { world } = this;
    const topology = world.topology;
    for (const application of world.applications) {
      for (const cluster of world.clusters) {
        if (!topology.isClusterUp(cluster)) loseInstance(application, cluster, world.now, 'crashed');
      }
      if (!this.primaryLost(application)) application.responseRefused = false;
      const workflow = this.active.get(application.name);
      if (workflow) {
        // The failed primary is back before the operator set the DRPC action:
        // no failover needed. Once the hub acted, Ramen carries the failover
        // through, and a drill is never abandoned.
        const facts = workflow.context.facts;
        // A primary that runs on behind a partition is still lost to the hub:
        // the failover goes on (and its two writers are split-brain).
        if (facts.action === 'Failover' && facts.cause === 'disaster' && facts.hubActionMs === undefined && !this.primaryLost(application)) {
          workflow.process.interrupt('the primary cluster returned');
        }
        continue;
      }
      const outageStartMs = application.outageStartMs;
      if (
        !world.clusters.some((cluster) => isAlive(application, cluster)) &&
        outageStartMs !== undefined &&
        topology.isClusterUp(application.primary) &&
        !isFenced(world, application.primary)
      ) {
        const trigger: Trigger = { cause: 'disaster', atMs: outageStartMs };
        this.launch(application, 'RecoverInPlace', trigger, (context) => recoverInPlace(context, outageStartMs));
        continue;
      }
      if (this.respond && !application.responseRefused && this.primaryLost(application)) this.answerLoss(application);
    }
  }

  /** The scenario's response to a lost primary. */
  private answerLoss(application: ApplicationRuntime): void {
    const trigger: Trigger = { cause: 'disaster', atMs: this.world.now };
    if (this.scenario.spec.response.action === 'Failover') {
      const refusal = application.resyncPendingSinceMs === undefined ? null : this.failoverRefusal(application);
      if (refusal !== null) {
        this.refuse(application, 'Failover', trigger, refusal);
        application.responseRefused = true;
        return;
      }
      this.launch(application, 'Failover', trigger, (context) => failover(context, trigger));
      return;
    }
    const refusal = this.relocateRefusal(application);
    if (refusal === null) {
      this.launch(application, 'Relocate', trigger, (context) => relocate(context, trigger));
      return;
    }
    this.refuse(application, 'Relocate', trigger, refusal);
    application.responseRefused = true;
  }
}

/** A driver for `scenario`, protection started at time 0. */
export function createDriver(scenario: Scenario, options: DriverOptions): RunDriver {
  const driver = new RunDriver(scenario, options);
  driver.start();
  return driver;
}


/**
 * Where in its requeue period an image's VolumeReplication refreshes: the VR
 * reconciles when created and then on its own requeue, which each reconcile's
 * own duration shifts, so nothing ties it to the snapshot slots; uniform in
 * [0, period), from a stream of its own (drawn after the run: no other draw moves).
 */
function refreshPhaseMs(world: World, imageName: string, periodMs: number): number {
  return Math.floor(periodMs * world.streams.stream(`lastSyncRefresh/${imageName}`).next());
}
