/**
 * An application's live state in a run: where it runs, its images and VM
 * instances, its kube-object capture, and whether a DR workflow owns it.
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
  images: ReplicatedImage[];
  vms: VmInstance[];
  capture: KubeObjectCapture | null;
  /** A DR workflow is in progress for it. */
  busy: boolean;
  peerReady: boolean;
  /** Draws of this application's workflow durations. */
  stream: RandomStream;
  /** Every period an instance wrote, closed ones with their end (INV-05). */
  writerIntervals: WriterInterval[];
  writerSinceMs: Map<string, number>;
}

/** When the instance on `cluster` last stopped writing, if it has. */
export function lastWriteMs(application: ApplicationRuntime, cluster: string): number | undefined {
  if (application.running.has(cluster)) return undefined;
  for (let index = application.writerIntervals.length - 1; index >= 0; index--) {
    if (application.writerIntervals[index].cluster === cluster) return application.writerIntervals[index].toMs;
  }
  return undefined;
}
