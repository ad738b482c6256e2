/**
 * Sizing: the longest scheduling interval, or the least link bandwidth, that
 * meets the scenario's objectives at their percentile.
 *
 * The search relies on INV-13: a longer interval never gives a smaller RPO,
 * more bandwidth never a larger one. So along candidates ordered from the most
 * demanding (shortest interval, most bandwidth) to the cheapest, the
 * objectives are met up to some point and breached after it, and bisection
 * over that order finds the point in about log2(candidates) studies. Every
 * study uses the same seed and runs (common random numbers), so neighbouring
 * candidates differ by the field alone.
 *
 * Metro-DR bandwidth: RPO and RTO do not depend on the link while it is up,
 * but in stretch mode it carries twice the write rate (two copies in the
 * other site), and a smaller link throttles the writes. A candidate whose
 * study warns METRO_WRITES_THROTTLED is not met, so the answer is the least
 * candidate of the grid carrying 2 x the writes (within its precision).
 */
import { z } from 'zod';
import { METRO_WRITES_THROTTLED } from '../models/write-path.js';
import { formatBandwidth, formatDuration, MAX_BANDWIDTH_BYTES_PER_SECOND, type Scenario } from '../scenarios/index.js';
import { runStudy, type StudyOptions } from './monte-carlo.js';
import { ObjectiveResultSchema } from './result-schema.js';

export const SIZING_FIELDS = ['interval', 'bandwidth'] as const;
export type SizingField = (typeof SIZING_FIELDS)[number];

const MINUTE_MS = 60_000;
export const DEFAULT_INTERVAL_RANGE_MS = { min: MINUTE_MS, max: 24 * 60 * MINUTE_MS } as const;
/** 10 Mbps .. 100 Gbps, in bytes per second. */
export const DEFAULT_BANDWIDTH_RANGE = { min: 10e6 / 8, max: 100e9 / 8 } as const;
/** Bandwidth candidates are a geometric grid with this ratio minus one: the answer is within 2% of the true least bandwidth. */
export const DEFAULT_BANDWIDTH_PRECISION = 0.02;
/** Bandwidth candidates are whole kbps (125 bytes per second), so each can be written back into a scenario exactly. */
const BANDWIDTH_STEP_BYTES_PER_SECOND = 125;
/** Largest candidate set (a precision of 1e-4 over the default range stays well within it). */
const MAX_CANDIDATES = 1_000_000;

export interface SizingRequest {
  field: SizingField;
  /** Milliseconds (interval) or bytes per second (bandwidth). */
  min?: number;
  max?: number;
  /** Bandwidth only: relative step of the geometric grid of candidates. */
  precision?: number;
}

/** A request the scenario cannot answer (no objectives, Metro-DR, no link, an empty range): bad input. */
export class SizingInputError extends Error {
  constructor(
    message: string,
    /** The scenario field or request field at fault. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'SizingInputError';
  }
}

export const SizingPointSchema = z.strictObject({
  value: z.number().positive().describe('Milliseconds (interval) or bytes per second (bandwidth)'),
  text: z.string().min(1).describe('The value as a scenario writes it (5m, 412345kbps)'),
  met: z.boolean().describe('Every objective met at its percentile, and (Metro-DR) every write carried'),
  objectives: z.array(ObjectiveResultSchema),
  writesThrottled: z
    .boolean()
    .optional()
    .describe('Metro-DR: the link cannot carry the stretch-mode replica writes (twice the write rate), so the applications slow down (warning METRO_WRITES_THROTTLED); such a candidate is not met'),
  invariantViolations: z.int().min(0),
  traceDigest: z.string().regex(/^[0-9a-f]+$/),
});
export type SizingPoint = z.infer<typeof SizingPointSchema>;

export const SizingResultSchema = z
  .strictObject({
    field: z.enum(SIZING_FIELDS),
    path: z.string().min(1).describe('The scenario field that was varied'),
    unit: z.enum(['ms', 'bytesPerSecond']),
    answer: z.number().positive().nullable().describe('Longest interval or least bandwidth meeting every objective; null when none does'),
    answerText: z.string().nullable(),
    range: z.strictObject({ min: z.number().positive(), max: z.number().positive() }),
    precision: z.number().positive().nullable().describe('Bandwidth: relative step of the candidate grid; null for intervals (whole minutes)'),
    candidates: z.int().min(1).describe('Size of the ordered candidate set searched'),
    seed: z.int(),
    runs: z.int().min(1),
    tried: z.array(SizingPointSchema).min(1).describe('Every candidate studied, in the order tried'),
    warnings: z
      .array(z.string().min(1))
      .default([])
      .describe('Signs that the answer is unreliable, e.g. an RPO percentile that falls as candidates get cheaper (sampling noise against INV-13)'),
  })
  .describe('drsim size result');
export type SizingResult = z.infer<typeof SizingResultSchema>;

/** What to vary and how: the ordered candidates and how to put one into the scenario. */
export interface SizingPlan {
  field: SizingField;
  path: string;
  unit: SizingResult['unit'];
  range: { min: number; max: number };
  precision: number | null;
  /** From the most demanding (meets most easily) to the cheapest. */
  candidates: number[];
  apply(value: number): Scenario;
  text(value: number): string;
}

export function planSizing(scenario: Scenario, request: SizingRequest): SizingPlan {
  const objectives = scenario.spec.objectives;
  if (!objectives || (objectives.rpo === undefined && objectives.rto === undefined)) {
    throw new SizingInputError('sizing needs objectives to meet: set spec.objectives.rpo and/or spec.objectives.rto (and percentile)', 'spec.objectives');
  }
  return request.field === 'interval' ? planInterval(scenario, request) : planBandwidth(scenario, request);
}

function planInterval(scenario: Scenario, request: SizingRequest): SizingPlan {
  const policy = scenario.spec.drPolicy;
  if (policy.schedulingInterval === null) {
    throw new SizingInputError('the policy is Metro-DR (schedulingInterval ""), which has no interval to size; set a Regional-DR interval first', 'spec.drPolicy.schedulingInterval');
  }
  if (policy.mirroringMode === 'journal') {
    throw new SizingInputError('journal mirroring ignores schedulingInterval, so there is no interval to size', 'spec.drPolicy.mirroringMode');
  }
  const min = Math.ceil((request.min ?? DEFAULT_INTERVAL_RANGE_MS.min) / MINUTE_MS);
  const max = Math.floor((request.max ?? DEFAULT_INTERVAL_RANGE_MS.max) / MINUTE_MS);
  if (min < 1) throw new SizingInputError('the shortest interval is 1m', 'min');
  if (max < min) throw new SizingInputError(`no whole minute between the min and max of the range (${min}m .. ${max}m)`, 'max');
  checkCandidateCount(max - min + 1);
  const candidates = Array.from({ length: max - min + 1 }, (_, index) => (min + index) * MINUTE_MS);
  return {
    field: 'interval',
    path: 'spec.drPolicy.schedulingInterval',
    unit: 'ms',
    range: { min: min * MINUTE_MS, max: max * MINUTE_MS },
    precision: null,
    candidates,
    apply: (intervalMs) => ({ ...scenario, spec: { ...scenario.spec, drPolicy: { ...policy, schedulingInterval: intervalMs } } }),
    text: formatDuration,
  };
}

function planBandwidth(scenario: Scenario, request: SizingRequest): SizingPlan {
  const linkIndex = replicationLinkIndex(scenario);
  const precision = request.precision ?? DEFAULT_BANDWIDTH_PRECISION;
  if (!(precision > 0 && precision <= 1)) throw new SizingInputError('the precision must be greater than 0 and at most 1 (e.g. 0.02 for 2%)', 'precision');
  const min = roundToStep(request.min ?? DEFAULT_BANDWIDTH_RANGE.min);
  const max = roundToStep(request.max ?? DEFAULT_BANDWIDTH_RANGE.max);
  if (max > MAX_BANDWIDTH_BYTES_PER_SECOND) throw new SizingInputError(`the max is above the largest bandwidth a scenario accepts (${formatBandwidth(MAX_BANDWIDTH_BYTES_PER_SECOND)})`, 'max');
  if (max < min) throw new SizingInputError('the min is above the max', 'min');
  const steps = Math.ceil(Math.log(max / min) / Math.log(1 + precision));
  checkCandidateCount(steps + 1);
  const ascending: number[] = [];
  for (let step = 0; step < steps; step++) {
    const value = roundToStep(min * (1 + precision) ** step);
    if (value < max && value !== ascending[ascending.length - 1]) ascending.push(value);
  }
  ascending.push(max);
  const links = scenario.spec.links;
  return {
    field: 'bandwidth',
    path: `spec.links[${linkIndex}].bandwidth`,
    unit: 'bytesPerSecond',
    range: { min, max },
    precision,
    candidates: ascending.reverse(),
    apply: (bandwidth) => ({
      ...scenario,
      spec: { ...scenario.spec, links: links.map((link, index) => (index === linkIndex ? { ...link, bandwidth } : link)) },
    }),
    text: formatBandwidth,
  };
}

/** The link the policy replicates over: between the sites of its two clusters. */
function replicationLinkIndex(scenario: Scenario): number {
  const spec = scenario.spec;
  const siteOf = (name: string) => spec.clusters.find((cluster) => cluster.name === name)?.site;
  const [siteA, siteB] = spec.drPolicy.drClusters.map(siteOf);
  if (siteA === siteB) {
    throw new SizingInputError(`both DR clusters are in site ${siteA}: no link carries their replication`, 'spec.drPolicy.drClusters');
  }
  const index = spec.links.findIndex((link) => link.between.includes(siteA!) && link.between.includes(siteB!));
  if (index < 0) throw new SizingInputError(`no link between the DR clusters' sites ${siteA} and ${siteB}`, 'spec.links');
  return index;
}

function roundToStep(bytesPerSecond: number): number {
  return Math.max(1, Math.round(bytesPerSecond / BANDWIDTH_STEP_BYTES_PER_SECOND)) * BANDWIDTH_STEP_BYTES_PER_SECOND;
}

function checkCandidateCount(count: number): void {
  if (count > MAX_CANDIDATES) throw new SizingInputError(`the range holds ${count} candidates, more than ${MAX_CANDIDATES}; narrow it or coarsen the precision`, 'range');
}

/**
 * The index of the last candidate that passes, for a predicate that holds on
 * a prefix of the candidates and fails after it (-1 when even the first
 * fails). Tries the first, then the last, then bisects: at most
 * 2 + ceil(log2(n - 1)) calls.
 */
export async function lastPassing(count: number, passes: (index: number) => Promise<boolean>): Promise<number> {
  if (count === 0 || !(await passes(0))) return -1;
  if (count === 1) return 0;
  if (await passes(count - 1)) return count - 1;
  let low = 0;
  let high = count - 1;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (await passes(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** The most studies a search over `count` candidates makes. */
export function maxEvaluations(count: number): number {
  return count <= 1 ? count : 2 + Math.ceil(Math.log2(count - 1));
}

export interface SizingOptions extends Omit<StudyOptions, 'onProgress'> {
  /** Runs finished so far, out of an upper bound (every possible study). */
  onProgress?: (completedRuns: number, totalRunsBound: number) => void;
  /** After each candidate's study. */
  onPoint?: (point: SizingPoint) => void;
}

export async function runSizing(scenario: Scenario, request: SizingRequest, options: SizingOptions = {}): Promise<SizingResult> {
  const plan = planSizing(scenario, request);
  const { onProgress, onPoint, ...studyOptions } = options;
  const runs = options.runs ?? scenario.spec.runs;
  const seed = options.seed ?? scenario.spec.seed;
  const totalRunsBound = maxEvaluations(plan.candidates.length) * runs;
  const tried: SizingPoint[] = [];
  const found = await lastPassing(plan.candidates.length, async (index) => {
    const value = plan.candidates[index];
    const runsBefore = tried.length * runs;
    const { result } = await runStudy(plan.apply(value), {
      ...studyOptions,
      runs,
      seed,
      onProgress: (completed) => onProgress?.(runsBefore + completed, totalRunsBound),
    });
    const objectives = result.objectives ?? [];
    // Throttled writes lose nothing, so no objective sees them: the link is too small all the same.
    const writesThrottled = (result.warnings ?? []).some((warning) => warning.code === METRO_WRITES_THROTTLED);
    const point: SizingPoint = {
      value,
      text: plan.text(value),
      met: objectives.every((objective) => objective.met) && !writesThrottled,
      objectives,
      writesThrottled,
      invariantViolations: result.invariantViolations.length,
      traceDigest: result.traceDigest,
    };
    tried.push(point);
    onPoint?.(point);
    return point.met;
  });
  const answer = found < 0 ? null : plan.candidates[found];
  const warnings = monotonicityWarnings(plan, tried, runs);
  return {
    field: plan.field,
    path: plan.path,
    unit: plan.unit,
    answer,
    answerText: answer === null ? null : plan.text(answer),
    range: plan.range,
    precision: plan.precision,
    candidates: plan.candidates.length,
    seed,
    runs,
    tried,
    warnings,
  };
}

/**
 * INV-13 says the expected RPO never falls as candidates get cheaper. A
 * percentile over finitely many runs can, and then bisection may stop at
 * another boundary than a full sweep: say so, with the two points.
 */
export function monotonicityWarnings(plan: SizingPlan, tried: readonly SizingPoint[], runs: number): string[] {
  const rpoOf = (point: SizingPoint) => point.objectives.find((objective) => objective.metric === 'rpo');
  const ordered = tried
    .filter((point) => rpoOf(point) !== undefined)
    .sort((a, b) => plan.candidates.indexOf(a.value) - plan.candidates.indexOf(b.value));
  const warnings: string[] = [];
  for (let index = 1; index < ordered.length; index++) {
    const [demanding, cheaper] = [ordered[index - 1], ordered[index]];
    const [before, after] = [rpoOf(demanding)!, rpoOf(cheaper)!];
    if (after.achievedSeconds < before.achievedSeconds) {
      warnings.push(
        `RPO p${after.percentile} is lower at ${cheaper.text} (${after.achievedSeconds.toFixed(1)} s) than at ${demanding.text} ` +
          `(${before.achievedSeconds.toFixed(1)} s): the percentile over ${runs} runs is noisy here, so the answer may be off near ` +
          'the boundary; use more runs, or sweep the candidates around it',
      );
    }
  }
  return warnings;
}
