/**
 * What a report shows beyond the Result: each run's RPO, RTO and data loss
 * (for the CDFs), the scenario's key settings in human units, and the timeline
 * of one representative run (the RPO sawtooth, the sync backlog and the
 * failover steps with absolute times). Built once after a study; saved beside
 * the Result (`drsim run --save`) so `drsim report` can draw it later.
 */
import { z } from 'zod';
import { RTO_STEPS } from '../models/run-record.js';
import { simulateRun } from '../models/simulate-run.js';
import type { Study } from './monte-carlo.js';
import { ResultSchema } from './result-schema.js';
import { percentileOfSorted } from './stats.js';
import { scenarioSettings } from './report-settings.js';
import { applicationTimeline } from './report-timeline.js';

/** Most points a CDF carries: beyond, evenly spaced quantiles stand for the runs. */
export const MAX_CDF_POINTS = 2_001;

const TimeValueSchema = z.tuple([z.number(), z.number()]).describe('[seconds since the run started, value]');

export const SampleSetSchema = z
  .strictObject({
    runs: z.int().min(0).describe('Runs the values describe'),
    values: z
      .array(z.number())
      .describe(`Ascending: every run's value, or ${MAX_CDF_POINTS} evenly spaced quantiles when there are more runs`),
  })
  .describe('One figure over the Monte Carlo runs');
export type SampleSet = z.infer<typeof SampleSetSchema>;

export const StepSpanSchema = z.strictObject({
  step: z.enum(RTO_STEPS),
  startSeconds: z.number(),
  endSeconds: z.number(),
});
export type StepSpan = z.infer<typeof StepSpanSchema>;

export const DrpcEventSchema = z.strictObject({
  atSeconds: z.number(),
  description: z.string().min(1),
});

export const ApplicationTimelineSchema = z.strictObject({
  name: z.string().min(1),
  action: z.enum(['Failover', 'Relocate', 'RecoverInPlace', 'None']),
  cause: z.enum(['disaster', 'operator']).nullable(),
  refusedReason: z.string().nullable(),
  /** When the workflow's clock started (the trigger), and when the application was ready again. */
  startSeconds: z.number().nullable(),
  readySeconds: z.number().nullable(),
  rpoSeconds: z.number().min(0),
  rtoSeconds: z.number().min(0),
  dataLossBytes: z.number().min(0),
  steadyStateStartSeconds: z
    .number()
    .min(0)
    .nullable()
    .describe('End of the seeding (the initial copy and the catch-up after it), where the steady state starts; null when it had not ended by the first disaster'),
  steps: z.array(StepSpanSchema).describe('The workflow steps in order; they tile [start, ready]'),
  drpcEvents: z.array(DrpcEventSchema).describe('Control-plane changes of this application and of fencing, from the trigger on'),
  rpo: z.array(TimeValueSchema).describe('RPO (s) over the steady state: sawtooth vertices, envelope-preserving downsampled'),
  rpoDetail: z.array(TimeValueSchema).describe('RPO (s) over the last intervals of the steady state, exact'),
  backlog: z.array(TimeValueSchema).describe('Sync backlog at each snapshot, in scheduling intervals (ramen_rpo_difference)'),
});
export type ApplicationTimeline = z.infer<typeof ApplicationTimelineSchema>;

export const RepresentativeRunSchema = z.strictObject({
  runIndex: z.int().min(0),
  traceDigest: z.string(),
  chosenBecause: z.string().min(1),
  mode: z.enum(['metro', 'snapshot', 'journal']),
  schedulingIntervalSeconds: z.number().positive().nullable(),
  protectionEstablishedSeconds: z.number().min(0).nullable(),
  steadyStateEndSeconds: z.number().min(0),
  endSeconds: z.number().min(0),
  constantLagSeconds: z.number().min(0).nullable(),
  unboundedBacklog: z.boolean(),
  /** Its syncs never caught up (snapshot mode): the lag rose to where merged deltas hold the working sets and settled. */
  saturatedLink: z.boolean(),
  applications: z.array(ApplicationTimelineSchema),
});
export type RepresentativeRun = z.infer<typeof RepresentativeRunSchema>;

export const ScenarioSettingSchema = z.strictObject({ label: z.string().min(1), value: z.string() });
export type ScenarioSetting = z.infer<typeof ScenarioSettingSchema>;

export const ReportDataSchema = z
  .strictObject({
    scenario: z.strictObject({
      name: z.string().min(1),
      description: z.string().nullable(),
      settings: z.array(ScenarioSettingSchema),
    }),
    scenarioWarnings: z.array(z.string()),
    samples: z.strictObject({
      rpoSeconds: SampleSetSchema,
      rtoSeconds: SampleSetSchema,
      dataLossBytes: SampleSetSchema,
    }),
    representativeRun: RepresentativeRunSchema.nullable(),
  })
  .describe('Report data beyond the Result');
export type ReportData = z.infer<typeof ReportDataSchema>;

/** What `drsim run --save` writes and `drsim report` reads: the Result and its report data. */
export const RunBundleSchema = z.strictObject({ result: ResultSchema, reportData: ReportDataSchema });
export type RunBundle = z.infer<typeof RunBundleSchema>;

export interface ReportDataOptions {
  /** The loader's warnings about the scenario (unsupported Metro RTT, ...). */
  scenarioWarnings?: readonly string[];
}

export function buildReportData(study: Study, options: ReportDataOptions = {}): ReportData {
  const { scenario, runs } = study;
  return {
    scenario: {
      name: scenario.metadata.name,
      description: scenario.metadata.description ?? null,
      settings: scenarioSettings(scenario),
    },
    scenarioWarnings: [...(options.scenarioWarnings ?? [])],
    samples: {
      rpoSeconds: sampleSet(Float64Array.from(runs.figures.rpoMs, (ms) => ms / 1000)),
      rtoSeconds: sampleSet(Float64Array.from(runs.figures.rtoMs, (ms) => ms / 1000)),
      dataLossBytes: sampleSet(runs.figures.dataLossBytes),
    },
    representativeRun: representativeRun(study),
  };
}

/** Sorted values, thinned to evenly spaced quantiles (type 7) when there are many. */
export function sampleSet(values: ArrayLike<number>): SampleSet {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length <= MAX_CDF_POINTS) return { runs: sorted.length, values: Array.from(sorted) };
  const last = MAX_CDF_POINTS - 1;
  return {
    runs: sorted.length,
    values: Array.from({ length: MAX_CDF_POINTS }, (_, index) => percentileOfSorted(sorted, (index / last) * 100)),
  };
}

/**
 * The run whose RTO is closest to the median (the lowest index on ties),
 * simulated again: runs are deterministic (INV-12), so its trace digest must
 * match the one the study recorded.
 */
function representativeRun(study: Study): RepresentativeRun | null {
  const { scenario, runs } = study;
  if (runs.count === 0) return null;
  const rtoMs = runs.figures.rtoMs;
  const median = percentileOfSorted(Float64Array.from(rtoMs).sort(), 50);
  let chosen = 0;
  for (let slot = 0; slot < runs.count; slot++) {
    const distance = Math.abs(rtoMs[slot] - median);
    const best = Math.abs(rtoMs[chosen] - median);
    if (distance < best || (distance === best && runs.runIndex[slot] < runs.runIndex[chosen])) chosen = slot;
  }
  const runIndex = runs.runIndex[chosen];
  const recorded = runs.traceDigest(chosen);
  const simulated = simulateRun(scenario, { runIndex });
  const { record } = simulated;
  if (record.traceDigest !== recorded) {
    throw new Error(`run ${runIndex} simulated again gave trace digest ${record.traceDigest}, the study recorded ${recorded} (INV-12)`);
  }
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    runIndex,
    traceDigest: record.traceDigest,
    chosenBecause: runs.count === 1 ? 'the only run' : `its RTO is the closest to the median RTO of the ${runs.count} runs`,
    mode: record.mode,
    schedulingIntervalSeconds: seconds(record.schedulingIntervalMs),
    protectionEstablishedSeconds: seconds(record.protectionEstablishedMs),
    steadyStateEndSeconds: record.steadyStateEndMs / 1000,
    endSeconds: record.endMs / 1000,
    constantLagSeconds: seconds(record.constantLagMs),
    unboundedBacklog: record.unboundedBacklog || runs.rpoUnbounded[chosen] === 1,
    saturatedLink: runs.rpoSaturated[chosen] === 1,
    applications: simulated.actions.map((actions) => applicationTimeline(simulated, actions)),
  };
}
