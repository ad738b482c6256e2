/**
 * Reference for the differential test of streaming aggregation: the batch
 * aggregation drsim used before studies were folded as runs finish. It keeps
 * every run's whole summary (RPO distribution included) and aggregates them
 * at the end, in run order; the streaming accumulator must give exactly the
 * same Result from the same runs. Kept as it was, deliberately simple.
 */
import type { Scenario } from '../../src/scenarios/schema/scenario.js';
import { RTO_STEPS } from '../../src/models/run-record.js';
import { writeLatencyAddedMs } from '../../src/models/write-path.js';
import { percentile as percentileValue, summarize } from '../../src/analysis/stats.js';
import { mergeRpoDistributions, toRpoOverTime, type RpoDistribution } from '../../src/analysis/rpo-timeline.js';
import type { ObjectiveResult, Result, ResultWarning, RpoOverTime, Summary } from '../../src/analysis/result-schema.js';
import type { RunSummary } from '../../src/analysis/run-summary.js';
import { noSteadyStateMessage } from '../../src/analysis/study-accumulator.js';
import { DRSIM_VERSION } from '../../src/version.js';

const seconds = (ms: number) => ms / 1000;

export function batchAggregateRuns(scenario: Scenario, summaries: readonly RunSummary[], seed: number): Result {
  const runs = [...summaries].sort((a, b) => a.runIndex - b.runIndex);
  const over = (pick: (run: RunSummary) => number, scale = 1): Summary => summarize(runs.map((run) => pick(run) * scale));
  const applications = scenario.spec.applications.map((application) => {
    const figures = runs.map((run) => run.applications.find((candidate) => candidate.name === application.name)!);
    const summaryOf = (pick: (figure: (typeof figures)[number]) => number, scale = 1) =>
      summarize(figures.map((figure) => pick(figure) * scale));
    const breakdown = Object.fromEntries(
      RTO_STEPS.map((step) => [step, summaryOf((figure) => figure.breakdownMs[step], 1 / 1000)]),
    );
    return {
      name: application.name,
      rpoSeconds: summaryOf((figure) => figure.rpoMs, 1 / 1000),
      rtoSeconds: summaryOf((figure) => figure.rtoMs, 1 / 1000),
      dataLossBytes: summaryOf((figure) => figure.dataLossBytes),
      writesLostBytes: summaryOf((figure) => figure.writesLostBytes),
      kubeObjectsLost: summaryOf((figure) => figure.kubeObjectsLost),
      unprotectedSeconds: summaryOf((figure) => figure.unprotectedMs, 1 / 1000),
      rtoBreakdownSeconds: breakdown as Result['applications'][number]['rtoBreakdownSeconds'],
      ...seedingOver(figures.map((figure) => figure.seedingMs)),
      ...(scenario.spec.drPolicy.schedulingInterval === null ? { writeStallSeconds: summaryOf((figure) => figure.writeStallMs, 1 / 1000) } : {}),
      writeLatencyAddedMs: writeLatencyAddedMs(scenario.spec),
    };
  });
  const splitRuns = runs.filter((run) => run.splitBrainMs > 0);
  const result: Result = {
    drsimVersion: DRSIM_VERSION,
    scenario: scenario.metadata.name,
    seed,
    runs: runs.length,
    traceDigest: combinedDigest(runs),
    eventsProcessed: runs.reduce((sum, run) => sum + run.eventsProcessed, 0),
    summary: {
      rpoSeconds: over((run) => run.rpoMs, 1 / 1000),
      rtoSeconds: over((run) => run.rtoMs, 1 / 1000),
      dataLossBytes: over((run) => run.dataLossBytes),
      kubeObjectsLost: over((run) => run.kubeObjectsLost),
      unprotectedSeconds: over((run) => run.unprotectedMs, 1 / 1000),
      writesLostBytes: over((run) => run.writesLostBytes),
      ...seedingOver(runs.map((run) => run.seedingMs)),
    },
    rpoOverTime: rpoOverTime(scenario, runs),
    applications,
    splitBrain: {
      runs: splitRuns.length,
      seconds: summarize(splitRuns.map((run) => seconds(run.splitBrainMs))),
      bytesDiverged: summarize(splitRuns.map((run) => run.splitBrainBytes)),
    },
    invariantViolations: runs.flatMap((run) => run.violations),
    vms: vmResults(runs),
    warnings: warnings(scenario, runs),
  };
  const objectives = evaluateObjectives(scenario, runs);
  if (objectives.length > 0) result.objectives = objectives;
  return result;
}

function rpoOverTime(scenario: Scenario, runs: readonly RunSummary[]): RpoOverTime {
  const distributions = runs.map((run) => run.rpoOverTime).filter((part): part is RpoDistribution => part !== null);
  if (distributions.length > 0) return toRpoOverTime(mergeRpoDistributions(distributions));
  const lags = runs.map((run) => run.constantLag).filter((lag) => lag !== null);
  const unbounded = lags.some((lag) => lag.unbounded);
  const interval = scenario.spec.drPolicy.schedulingInterval;
  const totalWindow = lags.reduce((sum, lag) => sum + lag.windowMs, 0);
  const weightedMean = totalWindow > 0 ? lags.reduce((sum, lag) => sum + lag.lagMs * lag.windowMs, 0) / totalWindow : 0;
  const sortedLags = [...lags].sort((a, b) => a.lagMs - b.lagMs);
  const quantile = (q: number) => {
    let covered = 0;
    for (const lag of sortedLags) {
      covered += lag.windowMs;
      if (covered >= q * totalWindow) return lag.lagMs;
    }
    return sortedLags.length > 0 ? sortedLags[sortedLags.length - 1].lagMs : 0;
  };
  const value = (ms: number) => (unbounded ? null : ms / 1000);
  const within = (limit: number) =>
    totalWindow > 0 ? lags.filter((lag) => lag.lagMs <= limit).reduce((sum, lag) => sum + lag.windowMs, 0) / totalWindow : 1;
  return {
    mean: value(weightedMean),
    p50: value(quantile(0.5)),
    p90: value(quantile(0.9)),
    p95: value(quantile(0.95)),
    p99: value(quantile(0.99)),
    max: value(sortedLags.length > 0 ? sortedLags[sortedLags.length - 1].lagMs : 0),
    fractionWithinInterval: unbounded ? 0 : interval === null ? 1 : within(interval),
    alertWarningFraction: 0,
    alertCriticalFraction: unbounded ? 1 : 0,
    unbounded,
    saturated: false,
  };
}

/** Seeding over the runs in which it ended; absent when it ended in none. */
function seedingOver(seedingMs: readonly (number | null)[]): { seedingSeconds?: Summary } {
  const ended = seedingMs.filter((ms): ms is number => ms !== null);
  return ended.length === 0 ? {} : { seedingSeconds: summarize(ended.map((ms) => ms * (1 / 1000))) };
}

function vmResults(runs: readonly RunSummary[]): Result['vms'] {
  if (runs.length === 0 || runs[0].vms.length === 0) return [];
  const names = runs[0].vms.map((vm) => [vm.application, vm.name] as const);
  return names.map(([application, name]) => {
    const per = runs
      .map((run) => run.vms.find((vm) => vm.application === application && vm.name === name))
      .filter((vm) => vm !== undefined);
    return {
      name,
      application,
      rpoSeconds: summarize(per.map((vm) => seconds(vm.rpoMs))),
      diskSkewSeconds: summarize(per.map((vm) => seconds(vm.diskSkewMs))),
    };
  });
}

/** Objectives met or breached at their percentile, the achieved figure beside the target. */
function evaluateObjectives(scenario: Scenario, runs: readonly RunSummary[]): ObjectiveResult[] {
  const objectives = scenario.spec.objectives;
  if (!objectives) return [];
  const percentile = objectives.percentile;
  const results: ObjectiveResult[] = [];
  const check = (metric: 'rpo' | 'rto', targetMs: number | undefined, pick: (run: RunSummary) => number) => {
    if (targetMs === undefined) return;
    const achievedSeconds = percentileValue(runs.map((run) => seconds(pick(run))), percentile);
    results.push({ metric, percentile, targetSeconds: seconds(targetMs), achievedSeconds, met: achievedSeconds <= seconds(targetMs) });
  };
  check('rpo', objectives.rpo, (run) => run.rpoMs);
  check('rto', objectives.rto, (run) => run.rtoMs);
  return results;
}

function warnings(scenario: Scenario, runs: readonly RunSummary[]): ResultWarning[] {
  const seen = new Map<string, ResultWarning>();
  for (const run of runs) for (const warning of run.warnings) if (!seen.has(warning.code)) seen.set(warning.code, warning);
  const refused = runs.flatMap((run) => run.applications.filter((figures) => figures.refusedReason));
  if (refused.length > 0) {
    seen.set('ACTION_REFUSED', {
      code: 'ACTION_REFUSED',
      message: `${refused.length} DR action(s) refused, e.g. ${refused[0].name}: ${refused[0].refusedReason}`,
    });
  }
  const notReprotected = runs.filter((run) => run.applications.some((figures) => !figures.reprotected)).length;
  if (notReprotected > 0) {
    seen.set('NOT_REPROTECTED', {
      code: 'NOT_REPROTECTED',
      message: `${notReprotected} of ${runs.length} runs ended with an application still unprotected (no repair of the failed site within the run)`,
    });
  }
  const withoutSteadyState = runs.filter(
    (run) => (run.rpoOverTime === null || run.rpoOverTime.totalMs === 0) && (run.constantLag === null || run.constantLag.windowMs === 0),
  ).length;
  if (withoutSteadyState > 0) {
    seen.set('NO_STEADY_STATE', {
      code: 'NO_STEADY_STATE',
      message: noSteadyStateMessage(withoutSteadyState, runs.length),
    });
  }
  if (scenario.spec.disasters.length === 0 && scenario.spec.operations.length === 0) {
    seen.set('NO_DISASTER', { code: 'NO_DISASTER', message: 'the scenario has no disaster or operation: only the steady state is measured' });
  }
  return [...seen.values()];
}

/** One digest for the whole study: every run's digest folded in run order. */
function combinedDigest(runs: readonly RunSummary[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const run of runs) {
    for (let i = 0; i < run.traceDigest.length; i++) {
      const code = run.traceDigest.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193) >>> 0;
      b = (Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 13)) >>> 0;
    }
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
