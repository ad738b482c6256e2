/**
 * The per-run scalar figures of a study, one slot per run in run order, in
 * typed arrays: what exact percentiles over the runs need, and nothing else.
 *
 * Cost per run (bytes): 8 x (1 index + 9 run figures + 1 seeding + 6
 * RPO-over-time scalars + 2 constant-lag figures) + 8 digest + 6 flags = 166,
 * plus 160 per application (7 figures, seeding and 12 RTO steps) and 17 per
 * VM (RPO, disk skew and a presence flag). regional-5m-vms (1 application,
 * 2 VMs): 360 bytes a run; fleet-200-vms (10 applications, 200 VMs): 5,166.
 * `STUDY_BYTES_PER_RUN` below is that formula; the memory estimate of a
 * request uses it.
 */
import { RTO_STEPS, type RtoStep } from '../models/run-record.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import type { RpoScalars } from './rpo-timeline.js';
import type { CompactRun } from './run-chunk.js';

export const RUN_FIGURES = ['rpoMs', 'rtoMs', 'dataLossBytes', 'writesLostBytes', 'kubeObjectsLost', 'unprotectedMs', 'splitBrainMs', 'splitBrainBytes', 'eventsProcessed'] as const;
export type RunFigure = (typeof RUN_FIGURES)[number];
export const APPLICATION_FIGURES = ['rpoMs', 'rtoMs', 'dataLossBytes', 'writesLostBytes', 'kubeObjectsLost', 'unprotectedMs', 'writeStallMs'] as const;
export type ApplicationFigure = (typeof APPLICATION_FIGURES)[number];
export const RPO_SCALARS = ['totalMs', 'rpoIntegral', 'maxMs', 'withinIntervalMs', 'warningMs', 'criticalMs'] as const;
export type RpoScalar = (typeof RPO_SCALARS)[number];

export const STUDY_BYTES_PER_RUN = {
  fixed: 8 * (1 + RUN_FIGURES.length + 1 + RPO_SCALARS.length + 2) + 8 + 6,
  perApplication: 8 * (APPLICATION_FIGURES.length + 1 + RTO_STEPS.length),
  perVm: 8 * 2 + 1,
} as const;

const columns = <K extends string>(names: readonly K[], length: number) =>
  Object.fromEntries(names.map((name) => [name, new Float64Array(length)])) as Record<K, Float64Array>;

export interface ApplicationColumns {
  name: string;
  figures: Record<ApplicationFigure, Float64Array>;
  /** Seeding time, NaN in runs where it had not ended by the first disaster (or without snapshots). */
  seedingMs: Float64Array;
  breakdown: Record<RtoStep, Float64Array>;
}

export interface VmColumns {
  name: string;
  application: string;
  rpoMs: Float64Array;
  diskSkewMs: Float64Array;
  /** 1 where the run reported this VM (a VM is reported only when its application failed over or relocated). */
  present: Uint8Array;
}

export class StudyRuns {
  readonly runIndex: Float64Array;
  readonly figures: Record<RunFigure, Float64Array>;
  /** Seeding of the whole run, NaN where it had not ended by the first disaster (or without snapshots). */
  readonly seedingMs: Float64Array;
  readonly applications: ApplicationColumns[];
  /** By application and name, created when a run first reports the VM. */
  readonly vms = new Map<string, VmColumns>();
  /** The VMs run 0 reported, in its order: the result lists these. */
  firstRunVms: VmColumns[] = [];
  readonly rpo: Record<RpoScalar, Float64Array>;
  readonly rpoPresent: Uint8Array;
  readonly rpoUnbounded: Uint8Array;
  readonly rpoSaturated: Uint8Array;
  readonly lagMs: Float64Array;
  readonly lagWindowMs: Float64Array;
  readonly lagPresent: Uint8Array;
  readonly lagUnbounded: Uint8Array;
  private readonly digests: Uint32Array;
  private readonly filled: Uint8Array;
  private filledCount = 0;
  private readonly applicationSlots: Map<string, number>;

  constructor(
    scenario: Scenario,
    readonly count: number,
  ) {
    this.runIndex = new Float64Array(count);
    this.figures = columns(RUN_FIGURES, count);
    this.seedingMs = new Float64Array(count);
    this.applications = scenario.spec.applications.map((application) => ({
      name: application.name,
      figures: columns(APPLICATION_FIGURES, count),
      seedingMs: new Float64Array(count),
      breakdown: columns(RTO_STEPS, count),
    }));
    this.applicationSlots = new Map(this.applications.map((application, slot) => [application.name, slot]));
    this.rpo = columns(RPO_SCALARS, count);
    this.rpoPresent = new Uint8Array(count);
    this.rpoUnbounded = new Uint8Array(count);
    this.rpoSaturated = new Uint8Array(count);
    this.lagMs = new Float64Array(count);
    this.lagWindowMs = new Float64Array(count);
    this.lagPresent = new Uint8Array(count);
    this.lagUnbounded = new Uint8Array(count);
    this.digests = new Uint32Array(2 * count);
    this.filled = new Uint8Array(count);
  }

  get complete(): boolean {
    return this.filledCount === this.count;
  }

  get recorded(): number {
    return this.filledCount;
  }

  /** The RPO-over-time scalars of the run in `slot` (it must have a distribution). */
  rpoScalars(slot: number): RpoScalars {
    const scalars = Object.fromEntries(RPO_SCALARS.map((scalar) => [scalar, this.rpo[scalar][slot]])) as Record<RpoScalar, number>;
    return { ...scalars, unbounded: this.rpoUnbounded[slot] === 1, saturated: this.rpoSaturated[slot] === 1 };
  }

  /** The trace digest of the run in `slot`, as the run reported it. */
  traceDigest(slot: number): string {
    return hex32(this.digests[2 * slot]) + hex32(this.digests[2 * slot + 1]);
  }

  record(slot: number, run: CompactRun): void {
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.count)) throw new RangeError(`run slot ${slot} is outside the study's ${this.count} runs`);
    if (this.filled[slot] === 1) throw new RangeError(`run ${run.runIndex} (slot ${slot}) was added twice`);
    if (!/^[0-9a-f]{16}$/.test(run.traceDigest)) throw new RangeError(`run ${run.runIndex} has trace digest ${JSON.stringify(run.traceDigest)}, expected 16 hex digits`);
    this.filled[slot] = 1;
    this.filledCount++;
    this.runIndex[slot] = run.runIndex;
    this.digests[2 * slot] = Number.parseInt(run.traceDigest.slice(0, 8), 16);
    this.digests[2 * slot + 1] = Number.parseInt(run.traceDigest.slice(8), 16);
    for (const figure of RUN_FIGURES) this.figures[figure][slot] = run[figure];
    this.seedingMs[slot] = run.seedingMs ?? Number.NaN;
    this.recordApplications(slot, run);
    this.recordVms(slot, run);
    if (run.rpoOverTime !== null) {
      for (const scalar of RPO_SCALARS) this.rpo[scalar][slot] = run.rpoOverTime[scalar];
      this.rpoPresent[slot] = 1;
      this.rpoUnbounded[slot] = run.rpoOverTime.unbounded ? 1 : 0;
      this.rpoSaturated[slot] = run.rpoOverTime.saturated ? 1 : 0;
    }
    if (run.constantLag !== null) {
      this.lagMs[slot] = run.constantLag.lagMs;
      this.lagWindowMs[slot] = run.constantLag.windowMs;
      this.lagPresent[slot] = 1;
      this.lagUnbounded[slot] = run.constantLag.unbounded ? 1 : 0;
    }
  }

  private recordApplications(slot: number, run: CompactRun): void {
    const seen = new Set<number>();
    for (const figures of run.applications) {
      const index = this.applicationSlots.get(figures.name);
      // The first entry of a name counts, as a lookup by name would find it.
      if (index === undefined || seen.has(index)) continue;
      seen.add(index);
      const target = this.applications[index];
      for (const figure of APPLICATION_FIGURES) target.figures[figure][slot] = figures[figure];
      target.seedingMs[slot] = figures.seedingMs ?? Number.NaN;
      for (const step of RTO_STEPS) target.breakdown[step][slot] = figures.breakdownMs[step];
    }
    if (seen.size !== this.applications.length) {
      const missing = this.applications.filter((_, index) => !seen.has(index)).map((application) => application.name);
      throw new RangeError(`run ${run.runIndex} reports no figures for application(s) ${missing.join(', ')}`);
    }
  }

  private recordVms(slot: number, run: CompactRun): void {
    const listed: VmColumns[] = [];
    for (const vm of run.vms) {
      const key = `${vm.application}\u0000${vm.name}`;
      let target = this.vms.get(key);
      if (target === undefined) {
        target = {
          name: vm.name,
          application: vm.application,
          rpoMs: new Float64Array(this.count),
          diskSkewMs: new Float64Array(this.count),
          present: new Uint8Array(this.count),
        };
        this.vms.set(key, target);
      }
      listed.push(target);
      if (target.present[slot] === 1) continue;
      target.present[slot] = 1;
      target.rpoMs[slot] = vm.rpoMs;
      target.diskSkewMs[slot] = vm.diskSkewMs;
    }
    if (slot === 0) this.firstRunVms = listed;
  }
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
