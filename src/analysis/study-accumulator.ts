/**
 * Streaming Monte Carlo aggregation: runs are folded in as they finish, in
 * any order, and the result contract is read at the end.
 *
 * What is kept, and why the Result is the same whatever the order the runs
 * arrive in (INV-12):
 * - scalar figures per run, in typed arrays indexed by run (`StudyRuns`, a
 *   few hundred bytes a run): exact percentiles need them; sums are taken in
 *   run order at the end, so floating-point rounding never depends on which
 *   worker finished first;
 * - the RPO-over-time density, merged as runs arrive (`RpoShapeAccumulator`,
 *   exact in any order, bounded by the RPO range rather than the run count);
 * - the first occurrence of each warning code and of a refused action, counts,
 *   and invariant violations (findings the result lists one by one).
 * Nothing else of a run survives its arrival: no timelines, no densities.
 */
import { RTO_STEPS } from '../models/run-record.js';
import type { InvariantViolation, RunWarning } from '../models/run-record.js';
import { replicationMode, writeLatencyAddedMs } from '../models/write-path.js';
import type { Scenario } from '../scenarios/schema/scenario.js';
import { DRSIM_VERSION } from '../version.js';
import type { ObjectiveResult, Result, ResultWarning, RpoOverTime, Summary } from './result-schema.js';
import type { CompactRun, RunChunk } from './run-chunk.js';
import { RpoShapeAccumulator } from './rpo-shape-accumulator.js';
import { addRpoScalars, NO_RPO_SCALARS, toRpoOverTime, type RpoShape } from './rpo-timeline.js';
import { percentile, summarize } from './stats.js';
import { StudyRuns, type VmColumns } from './study-runs.js';

interface FirstSeen<T> {
  slot: number;
  position: number;
  value: T;
}

const before = (a: { slot: number; position: number }, b: { slot: number; position: number }) =>
  a.slot < b.slot || (a.slot === b.slot && a.position < b.position);

export class StudyAccumulator {
  readonly runs: StudyRuns;
  private readonly shapes = new RpoShapeAccumulator();
  private readonly violations = new Map<number, InvariantViolation[]>();
  private readonly firstWarnings = new Map<string, FirstSeen<RunWarning>>();
  private firstRefused: FirstSeen<{ name: string; reason: string }> | null = null;
  private refusedActions = 0;
  private notReprotectedRuns = 0;
  private runsWithoutSteadyState = 0;

  constructor(
    private readonly scenario: Scenario,
    totalRuns: number,
  ) {
    this.runs = new StudyRuns(scenario, totalRuns);
  }

  /** A worker's chunk: each run in the slot of its run index. */
  addChunk(chunk: RunChunk): void {
    for (const run of chunk.runs) this.add(run.runIndex, run);
    this.addShape(chunk.rpoShape);
  }

  add(slot: number, run: CompactRun): void {
    this.runs.record(slot, run);
    if (run.rpoOverTime?.unbounded) this.shapes.drop();
    if (run.violations.length > 0) this.violations.set(slot, run.violations);
    run.warnings.forEach((warning, position) => {
      const seen = this.firstWarnings.get(warning.code);
      if (!seen || before({ slot, position }, seen)) this.firstWarnings.set(warning.code, { slot, position, value: warning });
    });
    run.applications.forEach((figures, position) => {
      if (!figures.refusedReason) return;
      this.refusedActions++;
      if (!this.firstRefused || before({ slot, position }, this.firstRefused)) {
        this.firstRefused = { slot, position, value: { name: figures.name, reason: figures.refusedReason } };
      }
    });
    if (run.applications.some((figures) => !figures.reprotected)) this.notReprotectedRuns++;
    const noDistribution = run.rpoOverTime === null || run.rpoOverTime.totalMs === 0;
    const noLagWindow = run.constantLag === null || run.constantLag.windowMs === 0;
    if (noDistribution && noLagWindow) this.runsWithoutSteadyState++;
  }

  /** RPO density of runs already added (or about to be: a chunk's runs come with it). */
  addShape(shape: RpoShape): void {
    this.shapes.add(shape);
  }

  /** Breakpoints of the RPO density held now (16 bytes each). */
  get rpoBreakpointsHeld(): number {
    return this.shapes.breakpointsHeld;
  }

  finish(seed: number): Result {
    const { runs, scenario } = this;
    if (!runs.complete) throw new Error(`the study has ${runs.count} runs but only ${runs.recorded} were added`);
    const { figures } = runs;
    const metro = replicationMode(scenario.spec) === 'metro';
    const applications = runs.applications.map((application) => {
      const breakdown = Object.fromEntries(RTO_STEPS.map((step) => [step, scaledSummary(application.breakdown[step], 1 / 1000)]));
      return {
        name: application.name,
        rpoSeconds: scaledSummary(application.figures.rpoMs, 1 / 1000),
        rtoSeconds: scaledSummary(application.figures.rtoMs, 1 / 1000),
        dataLossBytes: scaledSummary(application.figures.dataLossBytes),
        writesLostBytes: scaledSummary(application.figures.writesLostBytes),
        kubeObjectsLost: scaledSummary(application.figures.kubeObjectsLost),
        unprotectedSeconds: scaledSummary(application.figures.unprotectedMs, 1 / 1000),
        rtoBreakdownSeconds: breakdown as Result['applications'][number]['rtoBreakdownSeconds'],
        ...seedingField(application.seedingMs),
        ...(metro ? { writeStallSeconds: scaledSummary(application.figures.writeStallMs, 1 / 1000) } : {}),
        writeLatencyAddedMs: writeLatencyAddedMs(scenario.spec),
      };
    });
    const splitSlots = slotsWhere(runs.count, (slot) => figures.splitBrainMs[slot] > 0);
    const result: Result = {
      drsimVersion: DRSIM_VERSION,
      scenario: scenario.metadata.name,
      seed,
      runs: runs.count,
      traceDigest: this.combinedDigest(),
      eventsProcessed: figures.eventsProcessed.reduce((sum, events) => sum + events, 0),
      summary: {
        rpoSeconds: scaledSummary(figures.rpoMs, 1 / 1000),
        rtoSeconds: scaledSummary(figures.rtoMs, 1 / 1000),
        dataLossBytes: scaledSummary(figures.dataLossBytes),
        kubeObjectsLost: scaledSummary(figures.kubeObjectsLost),
        unprotectedSeconds: scaledSummary(figures.unprotectedMs, 1 / 1000),
        writesLostBytes: scaledSummary(figures.writesLostBytes),
        ...seedingField(runs.seedingMs),
      },
      rpoOverTime: this.rpoOverTime(),
      applications,
      splitBrain: {
        runs: splitSlots.length,
        seconds: summarize(splitSlots.map((slot) => seconds(figures.splitBrainMs[slot]))),
        bytesDiverged: summarize(splitSlots.map((slot) => figures.splitBrainBytes[slot])),
      },
      invariantViolations: [...this.violations.entries()].sort(([a], [b]) => a - b).flatMap(([, violations]) => violations),
      vms: runs.firstRunVms.map((vm) => vmResult(vm)),
      warnings: this.warnings(),
    };
    const objectives = this.objectives();
    if (objectives.length > 0) result.objectives = objectives;
    return result;
  }

  private rpoOverTime(): RpoOverTime {
    const { runs } = this;
    const withDistribution = slotsWhere(runs.count, (slot) => runs.rpoPresent[slot] === 1);
    if (withDistribution.length > 0) {
      // Added in run order, as a batch merge of the runs' distributions does.
      const scalars = withDistribution.reduce((sum, slot) => addRpoScalars(sum, runs.rpoScalars(slot)), NO_RPO_SCALARS);
      return toRpoOverTime({ ...this.shapes.shape(), ...scalars });
    }
    return constantLagRpo(runs, this.scenario.spec.drPolicy.schedulingInterval);
  }

  /** Objectives met or breached at their percentile, the achieved figure beside the target. */
  private objectives(): ObjectiveResult[] {
    const objectives = this.scenario.spec.objectives;
    if (!objectives) return [];
    const results: ObjectiveResult[] = [];
    const check = (metric: 'rpo' | 'rto', targetMs: number | undefined, column: Float64Array) => {
      if (targetMs === undefined) return;
      const achievedSeconds = percentile(Float64Array.from(column, seconds), objectives.percentile);
      results.push({ metric, percentile: objectives.percentile, targetSeconds: seconds(targetMs), achievedSeconds, met: achievedSeconds <= seconds(targetMs) });
    };
    check('rpo', objectives.rpo, this.runs.figures.rpoMs);
    check('rto', objectives.rto, this.runs.figures.rtoMs);
    return results;
  }

  private warnings(): ResultWarning[] {
    const count = this.runs.count;
    const seen = new Map<string, ResultWarning>();
    for (const first of [...this.firstWarnings.values()].sort((a, b) => a.slot - b.slot || a.position - b.position)) {
      seen.set(first.value.code, first.value);
    }
    if (this.firstRefused) {
      seen.set('ACTION_REFUSED', {
        code: 'ACTION_REFUSED',
        message: `${this.refusedActions} DR action(s) refused, e.g. ${this.firstRefused.value.name}: ${this.firstRefused.value.reason}`,
      });
    }
    if (this.notReprotectedRuns > 0) {
      seen.set('NOT_REPROTECTED', {
        code: 'NOT_REPROTECTED',
        message: `${this.notReprotectedRuns} of ${count} runs ended with an application still unprotected (no repair of the failed site within the run)`,
      });
    }
    const without = this.runsWithoutSteadyState;
    if (without > 0) {
      seen.set('NO_STEADY_STATE', {
        code: 'NO_STEADY_STATE',
        message: noSteadyStateMessage(without, count),
      });
    }
    if (this.scenario.spec.disasters.length === 0 && this.scenario.spec.operations.length === 0) {
      seen.set('NO_DISASTER', { code: 'NO_DISASTER', message: 'the scenario has no disaster or operation: only the steady state is measured' });
    }
    return [...seen.values()];
  }

  /** One digest for the whole study: every run's digest folded in run order. */
  private combinedDigest(): string {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let slot = 0; slot < this.runs.count; slot++) {
      const digest = this.runs.traceDigest(slot);
      for (let i = 0; i < digest.length; i++) {
        const code = digest.charCodeAt(i);
        a = Math.imul(a ^ code, 0x01000193) >>> 0;
        b = (Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 13)) >>> 0;
      }
    }
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}

const seconds = (ms: number) => ms / 1000;

function scaledSummary(column: Float64Array, scale = 1): Summary {
  return summarize(Float64Array.from(column, (value) => value * scale));
}

/** NO_STEADY_STATE: `without` of `count` runs had no steady state before their first disaster. */
export function noSteadyStateMessage(without: number, count: number): string {
  const cause = 'the seeding (the initial full sync and the catch-up after it) did not finish before the first disaster';
  return without === count
    ? `${cause} in any run: rpoOverTime has no steady state to measure and reads 0`
    : `${cause} in ${without} of ${count} runs; rpoOverTime covers the other runs only`;
}

/** `seedingSeconds` over the runs whose seeding ended (NaN marks the others), or nothing when none did. */
export function seedingField(seedingMs: Float64Array): { seedingSeconds?: Summary } {
  const ended = seedingMs.filter((ms) => !Number.isNaN(ms));
  return ended.length === 0 ? {} : { seedingSeconds: scaledSummary(ended, 1 / 1000) };
}

function slotsWhere(count: number, keep: (slot: number) => boolean): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < count; slot++) if (keep(slot)) slots.push(slot);
  return slots;
}

function vmResult(vm: VmColumns): NonNullable<Result['vms']>[number] {
  const slots = slotsWhere(vm.present.length, (slot) => vm.present[slot] === 1);
  return {
    name: vm.name,
    application: vm.application,
    rpoSeconds: summarize(slots.map((slot) => seconds(vm.rpoMs[slot]))),
    diskSkewSeconds: summarize(slots.map((slot) => seconds(vm.diskSkewMs[slot]))),
  };
}

/**
 * Steady-state RPO of the modes with a constant lag (Metro 0, journal replay
 * lag): each run's lag holds over its window, so the time-weighted quantiles
 * are read off the lags sorted, weighted by their windows.
 */
function constantLagRpo(runs: StudyRuns, intervalMs: number | null): RpoOverTime {
  const slots = slotsWhere(runs.count, (slot) => runs.lagPresent[slot] === 1);
  const lagOf = (slot: number) => runs.lagMs[slot];
  const windowOf = (slot: number) => runs.lagWindowMs[slot];
  const unbounded = slots.some((slot) => runs.lagUnbounded[slot] === 1);
  const totalWindow = slots.reduce((sum, slot) => sum + windowOf(slot), 0);
  const weightedMean = totalWindow > 0 ? slots.reduce((sum, slot) => sum + lagOf(slot) * windowOf(slot), 0) / totalWindow : 0;
  // A stable sort: equal lags keep run order.
  const sorted = [...slots].sort((a, b) => lagOf(a) - lagOf(b));
  const largest = sorted.length > 0 ? lagOf(sorted[sorted.length - 1]) : 0;
  const quantile = (q: number) => {
    let covered = 0;
    for (const slot of sorted) {
      covered += windowOf(slot);
      if (covered >= q * totalWindow) return lagOf(slot);
    }
    return largest;
  };
  const value = (ms: number) => (unbounded ? null : ms / 1000);
  const within = (limit: number) =>
    totalWindow > 0 ? slots.filter((slot) => lagOf(slot) <= limit).reduce((sum, slot) => sum + windowOf(slot), 0) / totalWindow : 1;
  return {
    mean: value(weightedMean),
    p50: value(quantile(0.5)),
    p90: value(quantile(0.9)),
    p95: value(quantile(0.95)),
    p99: value(quantile(0.99)),
    max: value(largest),
    fractionWithinInterval: unbounded ? 0 : intervalMs === null ? 1 : within(intervalMs),
    alertWarningFraction: 0,
    alertCriticalFraction: unbounded ? 1 : 0,
    unbounded,
    saturated: false,
  };
}
