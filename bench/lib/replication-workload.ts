/**
 * The engine benchmark's workload: V volumes under snapshot replication.
 *
 * Each volume receives Poisson writes (mean gap 50 ms) of 4096 bytes each. Its
 * first snapshot comes at a uniform instant in [0, 60) s; a snapshot takes all
 * dirty bytes and completes after bytes / 1e8 + Exp(mean 0.5) seconds; the
 * next snapshot comes 60 s after that completion.
 *
 * Events carry the volume as their argument and module-level callbacks, so
 * the workload itself allocates nothing per event.
 */
import { RandomStreams, sampler, type Sampler, type RandomStream } from '../../src/sim/index.js';
import type { Scheduler } from './scheduler.js';

export const WRITE_BYTES = 4096;
export const WRITE_GAP_MEAN_MS = 50;
export const FIRST_SNAPSHOT_WINDOW_MS = 60_000;
export const SNAPSHOT_INTERVAL_MS = 60_000;
export const TRANSFER_BYTES_PER_SECOND = 1e8;
export const TRANSFER_OVERHEAD_MEAN_MS = 500;

const writeGap = sampler({ kind: 'exponential', mean: WRITE_GAP_MEAN_MS });
const firstSnapshotOffset = sampler({ kind: 'uniform', min: 0, max: FIRST_SNAPSHOT_WINDOW_MS });
const transferOverhead = sampler({ kind: 'exponential', mean: TRANSFER_OVERHEAD_MEAN_MS });

interface Volume {
  readonly scheduler: Scheduler;
  readonly writeStream: RandomStream;
  readonly transferStream: RandomStream;
  readonly writeGap: Sampler;
  dirtyBytes: number;
  inFlightBytes: number;
  syncedBytes: number;
  writes: number;
  snapshots: number;
  transfersCompleted: number;
}

export interface WorkloadState {
  /** Bytes whose transfer completed. */
  bytesSynced: number;
  /** Bytes written since the last snapshot. */
  bytesDirty: number;
  /** Bytes of transfers still running at the end. */
  bytesInFlight: number;
  writes: number;
  snapshots: number;
  transfersCompleted: number;
}

export interface Workload {
  state(): WorkloadState;
}

/** Schedules the first events of every volume; the caller then runs the scheduler. */
export function startReplicationWorkload(scheduler: Scheduler, volumeCount: number, streams: RandomStreams): Workload {
  const volumes: Volume[] = [];
  for (let index = 0; index < volumeCount; index++) {
    const volume: Volume = {
      scheduler,
      writeStream: streams.stream(`volume-${index}/writes`),
      transferStream: streams.stream(`volume-${index}/transfers`),
      writeGap,
      dirtyBytes: 0,
      inFlightBytes: 0,
      syncedBytes: 0,
      writes: 0,
      snapshots: 0,
      transfersCompleted: 0,
    };
    volumes.push(volume);
    scheduler.schedule(writeGap(volume.writeStream), onWrite, volume);
    scheduler.schedule(firstSnapshotOffset(streams.stream(`volume-${index}/first-snapshot`)), onSnapshot, volume);
  }
  return { state: () => summarise(volumes) };
}

function onWrite(volume: Volume): void {
  volume.dirtyBytes += WRITE_BYTES;
  volume.writes++;
  volume.scheduler.schedule(volume.writeGap(volume.writeStream), onWrite, volume);
}

function onSnapshot(volume: Volume): void {
  const bytes = volume.dirtyBytes;
  volume.dirtyBytes = 0;
  volume.inFlightBytes = bytes;
  volume.snapshots++;
  const transferMs = (bytes / TRANSFER_BYTES_PER_SECOND) * 1000 + transferOverhead(volume.transferStream);
  volume.scheduler.schedule(transferMs, onTransferComplete, volume);
}

function onTransferComplete(volume: Volume): void {
  volume.syncedBytes += volume.inFlightBytes;
  volume.inFlightBytes = 0;
  volume.transfersCompleted++;
  volume.scheduler.schedule(SNAPSHOT_INTERVAL_MS, onSnapshot, volume);
}

function summarise(volumes: readonly Volume[]): WorkloadState {
  const state: WorkloadState = {
    bytesSynced: 0,
    bytesDirty: 0,
    bytesInFlight: 0,
    writes: 0,
    snapshots: 0,
    transfersCompleted: 0,
  };
  for (const volume of volumes) {
    state.bytesSynced += volume.syncedBytes;
    state.bytesDirty += volume.dirtyBytes;
    state.bytesInFlight += volume.inFlightBytes;
    state.writes += volume.writes;
    state.snapshots += volume.snapshots;
    state.transfersCompleted += volume.transfersCompleted;
  }
  return state;
}
