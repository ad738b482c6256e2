/**
 * Differential test of streaming aggregation: folding compact run records
 * and merged RPO densities, in any chunking and any arrival order, gives
 * exactly the Result the batch aggregation of whole run summaries gave
 * (test/analysis/batch-aggregate.ts, the former implementation), value for
 * value and key for key. Real runs of bundled scenarios and variants, and
 * synthetic summaries for what the bundled scenarios never produce
 * (violations, refused actions, VMs reported by some runs only).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateRuns } from '../../src/analysis/aggregate.js';
import { closeWorkers, runStudy, withRunSettings } from '../../src/analysis/monte-carlo.js';
import { recoveryPointSteps, rpoDistribution } from '../../src/analysis/rpo-timeline.js';
import { RunChunkBuilder } from '../../src/analysis/run-chunk.js';
import { runFigures, runOnce, type ApplicationRunFigures, type RunSummary } from '../../src/analysis/run-summary.js';
import { StudyAccumulator } from '../../src/analysis/study-accumulator.js';
import { loadScenarioReference, parseSetOption } from '../../src/cli/scenario-input.js';
import { RTO_STEPS, type InvariantId } from '../../src/models/run-record.js';
import type { Scenario } from '../../src/scenarios/index.js';
import { scenario as buildScenario } from '../models/scenario-builder.js';
import { batchAggregateRuns } from './batch-aggregate.js';

/** Chunks the runs (sizes from `cuts`), builds each as a worker would, and folds them in `order`. */
function streamed(scenario: Scenario, summaries: readonly RunSummary[], seed: number, cuts: number[], order: number[]) {
  const chunks: RunSummary[][] = [];
  let first = 0;
  for (const cut of cuts) {
    if (first >= summaries.length) break;
    chunks.push(summaries.slice(first, first + cut));
    first += cut;
  }
  if (first < summaries.length) chunks.push(summaries.slice(first));
  const built = chunks.map((chunk) => {
    const builder = new RunChunkBuilder();
    for (const summary of chunk) builder.add(summary);
    // What a worker sends is structured-cloned on the way back.
    return structuredClone(builder.build());
  });
  const accumulator = new StudyAccumulator(scenario, summaries.length);
  const arrival = built.map((_, index) => index).sort((a, b) => (order[a] ?? 0) - (order[b] ?? 0) || a - b);
  for (const index of arrival) accumulator.addChunk(built[index]);
  return accumulator.finish(seed);
}

/** Exactly the same: same values (0 and -0 apart), same keys in the same order. */
function expectIdentical(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const chunking = fc.record({
  cuts: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
  order: fc.array(fc.integer(), { maxLength: 12 }),
});

interface Case {
  label: string;
  scenario: Scenario;
  seed: number;
  summaries: RunSummary[];
}

const RUNS = 9;

async function bundled(name: string, sets: string[] = []): Promise<Scenario> {
  return (await loadScenarioReference(name, sets.map(parseSetOption))).scenario;
}

describe('streaming aggregation equals the batch aggregation', () => {
  const cases: Case[] = [];

  beforeAll(async () => {
    const scenarios: [string, Scenario][] = [
      ['regional-5m-vms', await bundled('regional-5m-vms')],
      // Disasters after the horizon in some runs: warnings, and VMs only in the runs that failed over.
      ['regional-5m-vms, late disasters, no repair', await bundled('regional-5m-vms', ['spec.disasters[0]={kind: siteLoss, target: east, at: {uniform: [2d, 12d]}}'])],
      ['metro split-brain', await bundled('metro-fencing-none-split-brain')],
      ['journal', await bundled('regional-journal-mirroring')],
      ['underprovisioned (saturated)', await bundled('underprovisioned-link')],
      ['planned relocate', await bundled('planned-relocate')],
      ['partition split-brain', await bundled('regional-partition-split-brain')],
      ['multi-disk skew', await bundled('multi-disk-vm-skew')],
      // A 1 TiB volume over 10 Mbps never finishes its initial sync before an early disaster.
      [
        'no steady state in some runs',
        buildScenario({
          applications: [{ name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '40Gi', writeRate: '64KiB/s' }] }],
          links: [{ between: ['east', 'west'], bandwidth: '1Gbps', rtt: '5ms' }],
          disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['1m', '20m'] } }],
        }),
      ],
    ];
    for (const [label, base] of scenarios) {
      for (const seed of [1, 7, 4242]) {
        const scenario = withRunSettings(base, { seed, runs: RUNS });
        const summaries = Array.from({ length: RUNS }, (_, runIndex) => runOnce(scenario, { runIndex }));
        cases.push({ label: `${label}, seed ${seed}`, scenario, seed, summaries });
      }
    }
  }, 120_000);

  afterAll(closeWorkers);

  it('covers what the aggregation has to get right', () => {
    const all = cases.flatMap((entry) => entry.summaries);
    expect(all.some((run) => run.warnings.length > 0), 'run warnings').toBe(true);
    expect(all.some((run) => run.splitBrainMs > 0), 'split-brain').toBe(true);
    expect(all.some((run) => run.rpoOverTime?.saturated), 'saturated link').toBe(true);
    expect(all.some((run) => run.constantLag !== null), 'constant lag').toBe(true);
    expect(all.some((run) => run.rpoOverTime !== null && run.rpoOverTime.totalMs === 0) || all.some((run) => run.rpoOverTime === null && run.constantLag === null), 'no steady state').toBe(true);
    expect(all.some((run) => run.applications.some((figures) => !figures.reprotected)), 'not reprotected').toBe(true);
    const vmCounts = cases.map((entry) => new Set(entry.summaries.map((run) => run.vms.length)).size);
    expect(Math.max(...vmCounts), 'VMs reported by some runs only').toBeGreaterThan(1);
  });

  it('aggregateRuns (the accumulator over summaries in hand)', () => {
    for (const { label, scenario, seed, summaries } of cases) {
      const expected = batchAggregateRuns(scenario, summaries, seed);
      expectIdentical(aggregateRuns(scenario, [...summaries].reverse(), seed), expected);
      expect(label).toBeTruthy();
    }
  });

  it('any chunking of the runs, the chunks folded in any order', () => {
    const expected = cases.map(({ scenario, summaries, seed }) => batchAggregateRuns(scenario, summaries, seed));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), chunking, (index, { cuts, order }) => {
        const { scenario, summaries, seed } = cases[index];
        expectIdentical(streamed(scenario, summaries, seed, cuts, order), expected[index]);
      }),
      { numRuns: 150 },
    );
  });

  it('runStudy in one thread and on two worker threads', async () => {
    for (const { scenario, summaries, seed } of cases.filter((_, index) => index % 4 === 0)) {
      const expected = batchAggregateRuns(scenario, summaries, seed);
      expectIdentical((await runStudy(scenario, { workers: 1 })).result, expected);
      expectIdentical((await runStudy(scenario, { workers: 2 })).result, expected);
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------
// Synthetic summaries: every branch of the aggregation, at random

const APPLICATIONS = ['alpha', 'beta'];
const INVARIANTS: InvariantId[] = ['INV-01', 'INV-05', 'INV-09'];

const syntheticScenario = (objectives: boolean, disasters: boolean): Scenario =>
  buildScenario({
    runs: 1,
    applications: APPLICATIONS.map((name) => ({ name, preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] })),
    disasters: disasters ? [{ kind: 'siteLoss', target: 'east', at: '2h' }] : [],
    ...(objectives ? { objectives: { rpo: '2m', rto: '20m', percentile: 95 } } : {}),
  });

/** Milliseconds as the simulated clock gives them, with fractions where the models divide. */
const ms = fc.oneof(fc.integer({ min: 0, max: 3_600_000 }), fc.double({ min: 0, max: 3_600_000, noNaN: true }));

/** A sawtooth from random sync gaps and durations, through the real distribution code. */
const distribution = fc
  .record({
    gaps: fc.array(fc.integer({ min: 1_000, max: 600_000 }), { minLength: 1, maxLength: 30 }),
    durations: fc.array(fc.integer({ min: 0, max: 900_000 }), { minLength: 30, maxLength: 30 }),
    unbounded: fc.boolean(),
    saturated: fc.boolean(),
    // Fractions on the scalars make their sums depend on the order they are added in.
    jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ gaps, durations, unbounded, saturated, jitter }) => {
    const creations: number[] = [];
    const completions: number[] = [];
    let created = 0;
    let completed = 0;
    gaps.forEach((gap, index) => {
      created += gap;
      completed = Math.max(completed, created + durations[index]);
      creations.push(created);
      completions.push(completed);
    });
    const steps = recoveryPointSteps(completions, creations);
    const made = rpoDistribution(steps, completions[0], completed + 60_000, 300_000);
    return {
      ...made,
      totalMs: made.totalMs + jitter,
      rpoIntegral: made.rpoIntegral * (1 + jitter / 7),
      withinIntervalMs: made.withinIntervalMs * (1 - jitter / 11),
      warningMs: made.warningMs + jitter / 3,
      unbounded: unbounded || made.unbounded,
      saturated: saturated && !(unbounded || made.unbounded),
    };
  });

const applicationFigures = (name: string): fc.Arbitrary<ApplicationRunFigures> =>
  fc.record({
    name: fc.constant(name),
    action: fc.constantFrom('Failover' as const, 'Relocate' as const, 'None' as const),
    refusedReason: fc.option(fc.constantFrom('peer not ready', 'no protection yet'), { nil: undefined }),
    rpoMs: ms,
    rtoMs: ms,
    dataLossBytes: fc.integer({ min: 0, max: 2 ** 40 }),
    writesLostBytes: fc.integer({ min: 0, max: 2 ** 42 }),
    kubeObjectsLost: fc.integer({ min: 0, max: 40 }),
    unprotectedMs: ms,
    reprotected: fc.boolean(),
    breakdownMs: fc.record(Object.fromEntries(RTO_STEPS.map((step) => [step, ms])) as Record<(typeof RTO_STEPS)[number], fc.Arbitrary<number>>),
    splitBrainMs: fc.oneof(fc.constant(0), ms),
    splitBrainBytes: fc.integer({ min: 0, max: 2 ** 30 }),
    writeStallMs: fc.oneof(fc.constant(0), ms),
    seedingMs: fc.option(ms, { nil: null }),
  });

const vm = fc.record({
  name: fc.constantFrom('db-0', 'db-1', 'web-0'),
  application: fc.constantFrom(...APPLICATIONS),
  rpoMs: ms,
  diskSkewMs: ms,
});

const hex16 = fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 16, maxLength: 16 }).map((digits) => digits.map((digit) => digit.toString(16)).join(''));

const summary = (runIndex: number, snapshot: boolean): fc.Arbitrary<RunSummary> =>
  fc
    .record({
      traceDigest: hex16,
      eventsProcessed: fc.integer({ min: 0, max: 10_000_000 }),
      applications: fc.tuple(...APPLICATIONS.map(applicationFigures)),
      vms: fc.array(vm, { maxLength: 4 }),
      seedingMs: fc.option(ms, { nil: null }),
      rpoOverTime: snapshot ? fc.option(distribution, { nil: null }) : fc.constant(null),
      constantLag: snapshot ? fc.constant(null) : fc.option(fc.record({ lagMs: ms, windowMs: fc.oneof(fc.integer({ min: 0, max: 86_400_000 }), fc.double({ min: 0, max: 86_400_000, noNaN: true })), unbounded: fc.boolean() }), { nil: null }),
      violations: fc.array(
        fc.record({ invariant: fc.constantFrom(...INVARIANTS), timeMs: ms, message: fc.constantFrom('primary twice', 'lost data') }),
        { maxLength: 2 },
      ),
      warnings: fc.array(
        fc.record({ code: fc.constantFrom('WORKFLOW_UNFINISHED', 'DISASTER_AFTER_HORIZON', 'NOT_REPROTECTED'), message: fc.constantFrom('one', 'two', 'three') }),
        { maxLength: 3 },
      ),
    })
    .map((parts) => {
      const applications = [...parts.applications];
      // Cloned: fast-check's records have no prototype, and what a worker sends back does.
      return structuredClone({
        runIndex,
        ...parts,
        applications,
        ...runFigures(applications),
        violations: parts.violations.map((violation) => ({ ...violation, run: runIndex })),
      });
    });

const study = fc
  .record({ runs: fc.integer({ min: 1, max: 14 }), snapshot: fc.boolean(), objectives: fc.boolean(), disasters: fc.boolean() })
  .chain(({ runs, snapshot, objectives, disasters }) =>
    fc.record({
      scenario: fc.constant(syntheticScenario(objectives, disasters)),
      summaries: fc.tuple(...Array.from({ length: runs }, (_, runIndex) => summary(runIndex, snapshot))),
      seed: fc.integer({ min: 0, max: 1000 }),
    }),
  );

describe('streaming aggregation of synthetic runs', () => {
  it('equals the batch aggregation, whatever the chunking and arrival order', () => {
    fc.assert(
      fc.property(study, chunking, ({ scenario, summaries, seed }, { cuts, order }) => {
        const expected = batchAggregateRuns(scenario, summaries, seed);
        expectIdentical(aggregateRuns(scenario, summaries, seed), expected);
        expectIdentical(streamed(scenario, summaries, seed, cuts, order), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a run added twice and a study read before every run arrived', () => {
    const scenario = syntheticScenario(false, true);
    const [first] = fc.sample(summary(0, true), { numRuns: 1, seed: 3 });
    const builder = new RunChunkBuilder();
    builder.add(first);
    const chunk = builder.build();
    const accumulator = new StudyAccumulator(scenario, 2);
    accumulator.addChunk(chunk);
    expect(() => accumulator.finish(1)).toThrow(/2 runs but only 1 were added/);
    expect(() => accumulator.addChunk(chunk)).toThrow(/run 0 \(slot 0\) was added twice/);
  });
});
