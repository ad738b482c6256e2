/**
 * An application's live state in a run: where it runs, its images and VM
 * instances, its kube-object capture, whether a DR workflow owns it, and the
 * periods each of its instances wrote (INV-05).
 */
import type { Distribution, RandomStream } from '../sim/index.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { KubeObjectCapture } from './kube-capture.js';
import type { ReplicatedImage } from './replicated-image.js';
import type { WriterInterval } from './facts.js';

export type ApplicationSpec = Scenario['spec']['applications'][number];

export interface VmInstance {
  name: string;
  disks: ReplicatedImage[];
  boot: Distribution;
  crashRecovery: Distribution;
}

export interface ApplicationRuntime {
  name: string;
  spec: ApplicationSpec;
  /** The cluster holding the primary images (the VRG primary). */
  primary: string;
  /** Clusters where an instance of the application runs and writes. */
  running: Set<string>;
  /**
   * Clusters where an instance is alive but its writes stall: in Metro-DR
   * its site lost the quorum of the stretched cluster (see metro-quorum.ts).
   */
  stalled: Set<string>;
  images: ReplicatedImage[];
  vms: VmInstance[];
  capture: KubeObjectCapture | null;
  /** A DR workflow is in progress for it. */
  busy: boolean;
  peerReady: boolean;
  /** Since when a failback resync has been copying after PeerReady, until it completes (snapshot mode). */
  resyncPendingSinceMs?: number;
  /** Draws of this application's workflow durations. */
  stream: RandomStream;
  /** Every period an instance wrote, closed ones with their end (INV-05). */
  writerIntervals: WriterInterval[];
  writerSinceMs: Map<string, number>;
  /**
   * Since when the application is down because its primary instance stopped
   * unexpectedly (crashed or fenced); undefined while it runs or once a
   * workflow made it ready again.
   */
  outageStartMs?: number;
  /** The response to the current loss of the primary was refused; not retried until the primary is back. */
  responseRefused: boolean;
  /** Metro-DR: how long its writes on the surviving site blocked after data-site losses (world.startMetroStall). */
  writeStallMs: number;
}

/** When the instance on `cluster` last stopped writing, if it has. */
export function lastWriteMs(application: ApplicationRuntime, cluster: string): number | undefined {
  if (application.running.has(cluster)) return undefined;
  for (let index = application.writerIntervals.length - 1; index >= 0; index--) {
    if (application.writerIntervals[index].cluster === cluster) return application.writerIntervals[index].toMs;
  }
  return undefined;
}

/** An instance runs on `cluster`, writing or stalled. */
export function isAlive(application: ApplicationRuntime, cluster: string): boolean {
  return application.running.has(cluster) || application.stalled.has(cluster);
}

/** The instance on `cluster` stops for good (crashed, fenced, stopped or demoted). */
export function stopWriter(application: ApplicationRuntime, cluster: string, atMs: number, reason: string): void {
  application.stalled.delete(cluster);
  if (!application.running.has(cluster)) return;
  application.running.delete(cluster);
  application.writerIntervals.push({ cluster, fromMs: application.writerSinceMs.get(cluster) ?? 0, toMs: atMs, reason });
  application.writerSinceMs.delete(cluster);
  if (cluster === application.primary) for (const image of application.images) image.writes.pause(atMs);
}

/** An instance starts on `cluster` and writes (to the primary images if it runs on the primary). */
export function startWriter(application: ApplicationRuntime, cluster: string, atMs: number): void {
  if (application.running.has(cluster)) return;
  application.running.add(cluster);
  application.writerSinceMs.set(cluster, atMs);
  if (cluster === application.primary) for (const image of application.images) image.writes.resume(atMs);
}

/**
 * The instance on `cluster` stops against the application's will (its
 * cluster crashed or was fenced). On the primary that is an outage: capture
 * stops and the outage clock starts.
 */
export function loseInstance(application: ApplicationRuntime, cluster: string, atMs: number, reason: string): void {
  if (!isAlive(application, cluster)) return;
  stopWriter(application, cluster, atMs, reason);
  if (cluster !== application.primary) return;
  application.capture?.stop(atMs);
  application.outageStartMs ??= atMs;
}

/** The instance on `cluster` keeps running but its writes block (no write is acknowledged). */
export function stallWriter(application: ApplicationRuntime, cluster: string, atMs: number): void {
  if (!application.running.has(cluster)) return;
  stopWriter(application, cluster, atMs, 'stalled');
  application.stalled.add(cluster);
}

/** A stalled instance's writes go through again. */
export function resumeWriter(application: ApplicationRuntime, cluster: string, atMs: number): void {
  if (!application.stalled.delete(cluster)) return;
  startWriter(application, cluster, atMs);
}

/** The application runs and is ready again: whatever outage it had is over. */
export function markReady(application: ApplicationRuntime): void {
  application.outageStartMs = undefined;
  application.responseRefused = false;
}
