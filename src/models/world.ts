/**
 * The world of one run: the topology, the links between the two DR clusters,
 * the replicated images, kube-object capture, the control plane, and the
 * disasters and operations that strike it. Workflows (failover, relocate,
 * recovery in place) run as processes against this world; see workflows.ts.
 */
import {
  RandomStreams,
  Simulation,
  sampler,
  type Distribution,
  type EventHandle,
  type ProcessBody,
  type RandomStream,
  type Sampler,
  type Signal,
} from '../sim/index.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import { meanBytesPerSecond } from '../scenarios/schema/write-profile.js';
import { ControlPlane, type ControlState } from './control-plane.js';
import { KubeObjectCapture } from './kube-capture.js';
import { ReplicatedImage, type ImageSpec } from './replicated-image.js';
import { SharedLink } from './shared-link.js';
import { SnapshotMirroring } from './snapshot-mirroring.js';
import { Topology } from './topology.js';
import type { DirtyGranularity } from './write-load.js';
import { modelTimings, type ModelTimings } from './model-timings.js';
import type { NetworkFenceRequest } from './fencing.js';
import { followMetroQuorum } from './metro-quorum.js';
import { LossResponse } from './loss-response.js';
import { VeleroRestoreQueue } from './velero-queue.js';
import { MaintenanceModes } from './maintenance-mode.js';
import type { RunDraws } from './run-draws.js';
import type { ApplicationRuntime, VmInstance } from './application-runtime.js';
import { metroRecoveryBytes } from './metro-recovery.js';
import { replicationMode, type ReplicationMode } from './write-path.js';

export type { ReplicationMode } from './write-path.js';

export interface WorldOptions {
  runIndex: number;
  /** Keep the event log (for replay and determinism tests). */
  log?: boolean;
}

export interface Interval {
  fromMs: number;
  toMs: number;
}

/**
 * One loss of the hub and its recovery, in series (docs/domain.md section 1):
 * the loss is noticed (detection), DR is declared (decision), the passive hub
 * is activated from the ACM backup (restore), the surviving managed clusters
 * are re-imported to it (reimport). Times are absolute; `upMs` is when the
 * new hub sees the clusters again (Infinity while that is still ahead; the
 * hub may also come back by other means first, then `upMs` is that time).
 */
export interface HubOutage {
  lostMs: number;
  detectedMs: number;
  declaredMs: number;
  restoreStartMs: number;
  restoredMs: number;
  upMs: number;
  /** Back through the restore and re-import (false: repaired or its site returned first). */
  rebuilt: boolean;
}

export class World {
  readonly sim: Simulation;
  readonly streams: RandomStreams;
  readonly topology: Topology;
  readonly control: ControlPlane;
  readonly timings: ModelTimings;
  readonly mode: ReplicationMode;
  readonly schedulingIntervalMs: number | null;
  /** The two DR clusters of the policy, in policy order. */
  readonly clusters: readonly [string, string];
  readonly images: ReplicatedImage[] = [];
  readonly applications: ApplicationRuntime[] = [];
  readonly mirroring: SnapshotMirroring | null;
  /** Directed paths between the two clusters: links[from][to]. */
  private readonly links: SharedLink[][];
  private topologySignal: Signal<void>;
  private readonly samplers = new Map<Distribution, Sampler>();
  /** Hub-down periods (INV-10), closed when the hub is restored. */
  readonly hubDownIntervals: Interval[] = [];
  /** Periods when the two data sites could not reach each other (Metro RPO). */
  readonly dataLinkDownIntervals: Interval[] = [];
  /** Metro-DR: recovery transfers in flight per application, after the data sites rejoined. */
  private readonly metroRecoveries = new Map<ApplicationRuntime, number>();
  /** I/O stall of the surviving Metro site after a site loss. */
  metroStallUntilMs = 0;
  /** Metro-DR: the NetworkFence of each cluster Ramen fenced or is unfencing (fencing.ts). */
  readonly networkFences = new Map<string, NetworkFenceRequest>();
  /** Replay lag of journal mirroring in this run. */
  readonly journalLagMs: number;
  readonly journalUnbounded: boolean;
  /** Fraction of the written stream the link carries when journal writes outrun it. */
  private readonly journalDrainRatio: number;
  protectionEstablishedMs: number | null = null;
  /** The pending rebuild of a lost hub from backup, or -1. */
  private hubRestoreEvent: EventHandle = -1;
  /** Every loss of the hub, with when it was noticed, declared and rebuilt (INV-10). */
  readonly hubOutages: HubOutage[] = [];
  /** Detection per lost cluster and the decision per disaster, shared by the applications hit. */
  readonly lossResponse: LossResponse;
  /** ODF storage maintenance modes activated for Regional failovers, one per cluster and loss. */
  readonly maintenanceModes: MaintenanceModes;
  /** Each cluster's Velero, restoring kube objects a bounded number at a time. */
  private readonly veleroRestores = new Map<string, VeleroRestoreQueue>();

  constructor(
    readonly scenario: Scenario,
    options: WorldOptions,
  ) {
    const spec = scenario.spec;
    this.sim = new Simulation({ log: options.log });
    this.streams = new RandomStreams(spec.seed, options.runIndex);
    this.timings = modelTimings(spec.timings);
    const draws: RunDraws = { streams: this.streams, sample: (distribution, stream) => this.sample(distribution, stream) };
    this.maintenanceModes = new MaintenanceModes(draws, {
      manifestWork: this.timings.manifestWorkDelay,
      activation: this.timings.maintenanceModeActivation,
      viewPeriodMs: this.timings.maintenanceModeViewPeriodMs,
    });
    this.lossResponse = new LossResponse(draws, {
      detection: this.timings.detection,
      decisionDelay: spec.response.decisionDelay,
      decisionScope: spec.response.decisionScope,
    });
    this.schedulingIntervalMs = spec.drPolicy.schedulingInterval;
    this.mode = replicationMode(spec);
    this.clusters = [spec.drPolicy.drClusters[0], spec.drPolicy.drClusters[1]];
    this.topology = new Topology({
      sites: spec.sites.map((site) => site.name),
      hubSite: spec.hub.site,
      clusters: spec.clusters.map((cluster) => ({ name: cluster.name, site: cluster.site })),
      s3Stores: spec.s3Profiles.map((store) => ({ name: store.name, site: store.site })),
    });
    this.topologySignal = this.sim.signal('changed');
    const { bandwidth, rttMs } = this.interClusterLink();
    this.links = [0, 1].map((from) =>
      [0, 1].map((to) => new SharedLink(this.sim, `${this.clusters[from]}->${this.clusters[to]}`, bandwidth, rttMs)),
    );
    this.buildApplications();
    this.control = new ControlPlane(this.initialControlState(), 0);
    const journalLag = this.sample(this.timings.journalReplayLag, this.streams.stream('journal'));
    const totalWriteRate = this.images.reduce((sum, image) => sum + meanBytesPerSecond(image.spec.writeProfile), 0);
    this.journalUnbounded = this.mode === 'journal' && totalWriteRate > bandwidth;
    this.journalDrainRatio = totalWriteRate > 0 ? Math.min(1, bandwidth / totalWriteRate) : 1;
    this.journalLagMs = journalLag;
    this.mirroring =
      this.mode === 'snapshot'
        ? new SnapshotMirroring(
            this.sim,
            { ...this.timings, schedulingIntervalMs: this.schedulingIntervalMs! },
            this.images,
            {
              clusterCount: 2,
              linkBetween: (from, to) => this.links[from][to],
              isClusterUp: (cluster) => this.topology.isClusterUp(this.clusters[cluster]),
              schedulerStream: (cluster) => this.streams.stream(`scheduler/${this.clusters[cluster]}`),
              onSyncComplete: () => this.noteSyncComplete(),
            },
          )
        : null;
  }

  get now(): number {
    return this.sim.now;
  }

  clusterIndex(name: string): number {
    const index = this.clusters.indexOf(name);
    if (index < 0) throw new Error(`cluster ${name} is not in the DRPolicy`);
    return index;
  }

  peerOf(cluster: string): string {
    return cluster === this.clusters[0] ? this.clusters[1] : this.clusters[0];
  }

  /** A signal that fires at the next change of who is up or reachable, or of replication progress. */
  changed(): Signal<void> {
    return this.topologySignal;
  }

  /** Wakes whatever waits on changed(); cheap when nothing does. */
  notifyChange(): void {
    if (!this.topologySignal.hasWaiters()) return;
    const fired = this.topologySignal;
    this.topologySignal = this.sim.signal('changed');
    fired.succeed();
  }

  /**
   * Every S3 profile of the policy's clusters: where the primary uploads, in
   * the order a restore tries them. The hub gives the VRG the profiles as a
   * sorted set (AvailableS3Profiles in ramen
   * internal/controller/drplacementcontrol.go: sets.List sorts).
   */
  s3StoresOfPolicy(): string[] {
    const spec = this.scenario.spec;
    const names = spec.clusters.filter((cluster) => this.clusters.includes(cluster.name)).map((cluster) => cluster.s3ProfileName);
    return [...new Set(names)].sort();
  }

  /**
   * Journal mirroring replays continuously: the peer lags by the replay lag,
   * or, when writes outrun the link, by a backlog that grows without bound.
   */
  journalRecoveryPoint(atMs: number): number {
    if (!this.journalUnbounded) return Math.max(0, atMs - this.journalLagMs);
    return atMs * this.journalDrainRatio;
  }

  /** Processes that follow a workflow after it ended (a resync after PeerReady); the run waits for them. */
  backgroundProcesses = 0;
  /** Called when one of them ends, with the application it was for (the run driver answers what waited for it). */
  onBackgroundEnd: (application: ApplicationRuntime) => void = () => undefined;

  /** Starts work for `application` that outlives the workflow that began it; a throw in it is a model bug and is rethrown. */
  startBackground(application: ApplicationRuntime, body: ProcessBody<void>, name: string): void {
    this.backgroundProcesses++;
    this.sim.process(body, name).onTrigger((done) => {
      this.backgroundProcesses--;
      if (!done.ok) throw done.error;
      this.onBackgroundEnd(application);
    });
  }

  /** The Velero restore queue of `cluster`. */
  veleroRestoreQueue(cluster: string): VeleroRestoreQueue {
    let queue = this.veleroRestores.get(cluster);
    if (!queue) {
      queue = new VeleroRestoreQueue(this.timings.veleroRestoreConcurrency);
      this.veleroRestores.set(cluster, queue);
    }
    return queue;
  }

  /** Draws from a scenario distribution (compiled once per distribution object). */
  sample(distribution: Distribution, stream: RandomStream): number {
    let compiled = this.samplers.get(distribution);
    if (!compiled) {
      compiled = sampler(distribution);
      this.samplers.set(distribution, compiled);
    }
    return Math.max(0, Math.round(compiled(stream)));
  }

  link(from: string, to: string): SharedLink {
    return this.links[this.clusterIndex(from)][this.clusterIndex(to)];
  }

  /** Starts replication at time 0 (initial full sync); kube-object capture starts with its model. */
  startProtection(): void {
    if (this.mirroring) this.mirroring.start();
    else this.protectionEstablishedMs = 0;
  }

  /** Call after any change to the topology: links, writers and waiting workflows follow. */
  topologyUpdated(): void {
    for (let from = 0; from < 2; from++) {
      for (let to = 0; to < 2; to++) {
        if (from !== to) this.links[from][to].setUp(this.topology.clustersConnected(this.clusters[from], this.clusters[to]));
      }
    }
    this.trackInterval(this.hubDownIntervals, !this.topology.isHubUp());
    const rejoined = this.trackInterval(
      this.dataLinkDownIntervals,
      !this.topology.sitesConnected(this.topology.siteOfCluster(this.clusters[0]), this.topology.siteOfCluster(this.clusters[1])),
    );
    if (rejoined && this.mode === 'metro') this.startMetroRecovery(rejoined);
    this.followHubState();
    if (this.mode === 'metro') followMetroQuorum(this);
    for (const listener of this.topologyListeners) listener();
    this.notifyChange();
  }

  /** Called after every topology change (the run driver evaluates DR triggers here). */
  readonly topologyListeners: (() => void)[] = [];

  /**
   * A lost hub is rebuilt from backup on a surviving site, but nobody restores
   * a hub before noticing it is gone: the loss is detected (the same lease
   * detection as a cluster's), DR is declared after the response's decision
   * delay, and only then does the restore start; the surviving clusters are
   * then re-imported to the new hub (docs/domain.md section 1, INV-10). The
   * four durations are in series, drawn from the hub's own stream; until the
   * re-import is done nothing can fail over.
   */
  private followHubState(): void {
    const up = this.topology.isHubUp();
    if (!up && this.hubRestoreEvent === -1) {
      const stream = this.streams.stream('hub');
      const lostMs = this.now;
      const detectedMs = lostMs + this.sample(this.timings.detection, stream);
      const declaredMs = detectedMs + this.sample(this.scenario.spec.response.decisionDelay, stream);
      const restoredMs = declaredMs + this.sample(this.scenario.spec.hub.restoreTime, stream);
      const upMs = restoredMs + this.sample(this.timings.hubReimport, stream);
      const outage: HubOutage = { lostMs, detectedMs, declaredMs, restoreStartMs: declaredMs, restoredMs, upMs, rebuilt: false };
      this.hubOutages.push(outage);
      this.hubRestoreEvent = this.sim.scheduleAt(upMs, () => {
        this.hubRestoreEvent = -1;
        outage.rebuilt = true;
        this.restoreHub();
        this.topologyUpdated();
      });
    } else if (up && this.hubRestoreEvent !== -1) {
      // Back by other means (repaired, its site returned): the rebuild in
      // progress is dropped; a later loss starts its own.
      this.sim.cancel(this.hubRestoreEvent);
      this.hubRestoreEvent = -1;
      this.hubOutages[this.hubOutages.length - 1].upMs = this.now;
    }
  }

  /**
   * The hub outage that began with the disaster that triggered a failover at
   * `triggerMs` (a site loss taking the hub and the primary), while DR is not
   * yet declared: the failover's detection and decision are the outage's (one
   * operator notices one disaster and declares DR once). A hub lost at
   * another instant is a separate loss to notice.
   */
  hubOutageOf(triggerMs: number): HubOutage | null {
    const outage = this.hubOutages[this.hubOutages.length - 1];
    if (!outage || this.topology.isHubUp() || outage.lostMs !== triggerMs || outage.declaredMs < this.now) return null;
    return outage;
  }

  /**
   * A Metro data site lost: every placement group of the stretched pools has
   * replicas in both data sites, so every write on the surviving site blocks
   * until the monitors mark the lost OSDs down and degraded stretch mode
   * starts (timings.metroIoStall). The applications writing there keep
   * running (nothing fails them over) and wait that long for each write:
   * their writeStallMs. Losing the arbiter site stalls nothing.
   */
  startMetroStall(lostSite: string): void {
    const siteOf = (cluster: string) => this.topology.siteOfCluster(cluster);
    if (!this.clusters.some((cluster) => siteOf(cluster) === lostSite)) return;
    const stallMs = this.sample(this.timings.metroIoStall, this.streams.stream('metro'));
    this.metroStallUntilMs = this.now + stallMs;
    for (const application of this.applications) {
      if (this.clusters.some((cluster) => siteOf(cluster) !== lostSite && application.running.has(cluster))) application.writeStallMs += stallMs;
    }
  }

  /**
   * Brings the hub back: restored from backup on a surviving site if its own
   * site is down. The caller notifies the world (topologyUpdated).
   */
  restoreHub(): void {
    if (!this.topology.isSiteUp(this.topology.hubSiteName)) {
      const survivor = this.scenario.spec.sites.find((site) => this.topology.isSiteUp(site.name));
      if (survivor) this.topology.relocateHub(survivor.name);
    }
    this.topology.setHubUp(true);
  }

  /** Opens or closes the last of `intervals`; returns the interval it closed, if it did. */
  private trackInterval(intervals: Interval[], down: boolean): Interval | null {
    const open = intervals.length > 0 && intervals[intervals.length - 1].toMs === Infinity;
    if (down && !open) intervals.push({ fromMs: this.now, toMs: Infinity });
    else if (!down && open) {
      const closed = intervals[intervals.length - 1];
      closed.toMs = this.now;
      return closed;
    }
    return null;
  }

  /** Whether the stretched cluster is still recovering what `application` wrote while the sites were apart. */
  metroRecoveryPending(application: ApplicationRuntime): boolean {
    return (this.metroRecoveries.get(application) ?? 0) > 0;
  }

  /**
   * The data sites rejoined: Ceph recovers the returning site's copies of
   * what each application wrote meanwhile, from its primary's side
   * (metro-recovery.ts), all applications at once over the link.
   */
  private startMetroRecovery(apart: Interval): void {
    for (const application of this.applications) {
      const bytes = metroRecoveryBytes(application.images, apart);
      if (bytes === 0) continue;
      this.metroRecoveries.set(application, (this.metroRecoveries.get(application) ?? 0) + 1);
      this.link(application.primary, this.peerOf(application.primary)).start(bytes, () => {
        this.metroRecoveries.set(application, this.metroRecoveries.get(application)! - 1);
        this.notifyChange();
      }, application);
    }
  }

  private noteSyncComplete(): void {
    this.notifyChange();
    if (this.protectionEstablishedMs !== null) return;
    if (this.images.every((image) => image.recoveryPointMs > -Infinity)) this.protectionEstablishedMs = this.now;
  }

  private interClusterLink(): { bandwidth: number; rttMs: number } {
    const spec = this.scenario.spec;
    const siteOf = (name: string) => spec.clusters.find((cluster) => cluster.name === name)!.site;
    const [siteA, siteB] = [siteOf(this.clusters[0]), siteOf(this.clusters[1])];
    if (siteA === siteB) return { bandwidth: Infinity, rttMs: 0 };
    const link = spec.links.find(
      (candidate) =>
        (candidate.between[0] === siteA && candidate.between[1] === siteB) ||
        (candidate.between[0] === siteB && candidate.between[1] === siteA),
    );
    return link ? { bandwidth: link.bandwidth, rttMs: link.rtt } : { bandwidth: Infinity, rttMs: 0 };
  }

  private granularity(): DirtyGranularity {
    return this.timings.granularity;
  }

  private buildApplications(): void {
    const spec = this.scenario.spec;
    for (const application of spec.applications) {
      const home = application.preferredCluster;
      const homeIndex = this.clusterIndex(home);
      const images: ReplicatedImage[] = [];
      const vms: VmInstance[] = [];
      const addImage = (imageSpec: ImageSpec) => {
        const image = new ReplicatedImage(this.images.length, imageSpec, homeIndex, this.granularity(), 0);
        this.images.push(image);
        images.push(image);
        return image;
      };
      for (const vm of application.vms) {
        for (let instance = 0; instance < vm.count; instance++) {
          const vmName = vm.count > 1 ? `${vm.name}-${instance + 1}` : vm.name;
          const disks = vm.disks.map((disk, diskIndex) =>
            addImage({
              name: `${application.name}/${vmName}/${disk.name ?? `disk${diskIndex}`}`,
              application: application.name,
              vm: vmName,
              sizeBytes: disk.size,
              workingSetBytes: disk.workingSet,
              allocatedBytes: disk.allocated,
              writeProfile: disk.writeRate,
              randomWriteSizeBytes: disk.randomWriteSize,
            }),
          );
          vms.push({ name: vmName, disks, boot: vm.boot, crashRecovery: vm.crashRecovery });
        }
      }
      for (const volume of application.volumes) {
        addImage({
          name: `${application.name}/${volume.name}`,
          application: application.name,
          sizeBytes: volume.size,
          workingSetBytes: volume.workingSet,
          allocatedBytes: volume.allocated,
          writeProfile: volume.writeRate,
          randomWriteSizeBytes: volume.randomWriteSize,
        });
      }
      const runtime: ApplicationRuntime = {
        name: application.name,
        spec: application,
        primary: home,
        running: new Set([home]),
        stalled: new Set(),
        images,
        vms,
        capture: null,
        busy: false,
        peerReady: true,
        stream: this.streams.stream(`app/${application.name}`),
        writerIntervals: [],
        writerSinceMs: new Map([[home, 0]]),
        responseRefused: false,
        writeStallMs: 0,
      };
      const protection = application.kubeObjectProtection;
      if (protection) {
        runtime.capture = new KubeObjectCapture({
          sim: this.sim,
          stream: this.streams.stream(`kube/${application.name}`),
          captureIntervalMs: protection.captureInterval,
          captureDurationMs: this.sample(this.timings.captureTime, this.streams.stream(`kube/${application.name}/capture`)),
          objects: protection.objects,
          changeRatePerSecond: protection.changeRate,
          s3Stores: this.s3StoresOfPolicy(),
          isS3Reachable: (store) => this.topology.clusterReachesS3(runtime.primary, store),
          startMs: 0,
          name: `kube/${application.name}`,
        });
      }
      this.applications.push(runtime);
    }
  }

  private initialControlState(): ControlState {
    const drpcs: ControlState['drpcs'] = {};
    for (const application of this.applications) {
      drpcs[application.name] = {
        phase: 'Deployed',
        progression: 'Completed',
        action: '',
        placement: application.primary,
        peerReady: true,
        vrg: { [application.primary]: 'Primary', [this.peerOf(application.primary)]: 'Secondary' },
      };
    }
    return { drpcs, fencing: { [this.clusters[0]]: 'Unfenced', [this.clusters[1]]: 'Unfenced' } };
  }
}
