/**
 * The memory estimate of a study, and the budget a study stops at.
 *
 * The run figures are exact (typed arrays: STUDY_BYTES_PER_RUN per run); the
 * RPO density is bounded by the RPO range, not the run count; what is in
 * flight depends on the workers and the chunk size, never on the runs once
 * chunks are full. So from 2,000 to 20,000 runs the estimate may grow only by
 * the run figures: 18,000 x the bytes per run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateResultBytes, estimateStudyMemory, isMemoryBudgetError, MemoryBudgetExceeded, runFigureBytes, scenarioShape } from '../../src/analysis/memory-estimate.js';
import { runStudy } from '../../src/analysis/monte-carlo.js';
import { STUDY_BYTES_PER_RUN } from '../../src/analysis/study-runs.js';
import { loadScenario, type Scenario } from '../../src/scenarios/index.js';

function bundled(name: string): Scenario {
  const loaded = loadScenario(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(`${name} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.scenario;
}

describe('memory estimate of a study', () => {
  const regional = bundled('regional-5m-vms');
  const fleet = bundled('fleet-200-vms');

  it('counts the scenario: applications, VMs and their disks', () => {
    const shape = scenarioShape(regional);
    const vms = regional.spec.applications.flatMap((application) => application.vms).reduce((sum, vm) => sum + vm.count, 0);
    expect(shape.applications).toBe(regional.spec.applications.length);
    expect(shape.vms).toBe(vms);
    expect(shape.images).toBeGreaterThanOrEqual(vms);
  });

  it('holds the exact per-run figures: 166 bytes, 160 per application and 17 per VM', () => {
    expect(STUDY_BYTES_PER_RUN).toEqual({ fixed: 166, perApplication: 160, perVm: 17 });
    const shape = scenarioShape(fleet);
    expect(runFigureBytes(shape)).toBe(166 + 160 * shape.applications + 17 * shape.vms);
    expect(estimateStudyMemory(fleet, 1000, 2).runFigures).toBe(1000 * runFigureBytes(shape));
  });

  it('grows with the run count only by the run figures once the density and chunks are full', () => {
    const small = estimateStudyMemory(regional, 2_000, 2);
    const large = estimateStudyMemory(regional, 20_000, 2);
    expect(large.rpoDensity).toBe(small.rpoDensity);
    expect(large.chunksInFlight).toBe(small.chunksInFlight);
    expect(large.workerSimulations).toBe(small.workerSimulations);
    expect(large.bytes - small.bytes).toBe(18_000 * runFigureBytes(scenarioShape(regional)));
  });

  it('grows with the worker threads: each simulates a world and holds its chunks', () => {
    const one = estimateStudyMemory(fleet, 1000, 1);
    const four = estimateStudyMemory(fleet, 1000, 4);
    expect(four.workerSimulations).toBe(4 * one.workerSimulations);
    expect(four.bytes).toBeGreaterThan(one.bytes);
    // Never more threads than runs.
    expect(estimateStudyMemory(fleet, 1, 8).workerSimulations).toBe(one.workerSimulations);
  });

  it('weighs a fleet far above a two-VM scenario, run for run', () => {
    expect(estimateStudyMemory(fleet, 1000, 2).bytes).toBeGreaterThan(10 * estimateStudyMemory(regional, 1000, 2).runFigures);
    expect(estimateResultBytes(fleet)).toBeGreaterThan(estimateResultBytes(regional));
  });
});

describe('memory budget of a running study', () => {
  const regional = bundled('regional-5m-vms');

  it('stops the study once the RPO density it holds passes the budget', async () => {
    const estimate = estimateStudyMemory(regional, 8, 1);
    // Room for everything but the density: the first chunk's density goes over.
    const budget = estimate.bytes - estimate.rpoDensity + 1;
    const failure = await runStudy(regional, { runs: 8, workers: 1, maxMemoryBytes: budget }).catch((error: unknown) => error);
    expect(isMemoryBudgetError(failure)).toBe(true);
    expect((failure as MemoryBudgetExceeded).budgetBytes).toBe(budget);
    expect((failure as MemoryBudgetExceeded).heldBytes).toBeGreaterThan(budget);
  });

  it('runs to the end within a budget that covers the estimate, with the same result as without one', async () => {
    const estimate = estimateStudyMemory(regional, 8, 1);
    const limited = await runStudy(regional, { runs: 8, workers: 1, maxMemoryBytes: estimate.bytes });
    const unlimited = await runStudy(regional, { runs: 8, workers: 1 });
    expect(limited.result.traceDigest).toBe(unlimited.result.traceDigest);
  });
});
