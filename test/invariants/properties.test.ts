/**
 * Property tests over generated scenarios (arbitraries.ts): for any mix of
 * interval, bandwidth, write loads, applications, hub and S3 placement,
 * disasters and their instants and repairs, operations and the operator's
 * response, a run satisfies INV-01 to INV-10: the run's own invariant checks
 * find nothing, and neither do the tests' independent recomputations
 * (independent-checks.ts). A failure prints fast-check's seed and path and
 * the generated study, drsim seed and run index included; replay it with
 * FC_SEED=<seed> FC_PATH=<path> npx vitest run test/invariants/properties.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulateRun } from '../../src/models/simulate-run.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { replayParameters, studyArbitrary, studyScenario } from './arbitraries.js';
import { independentProblems, recordTopology, type TopologySample } from './independent-checks.js';

/** A run of a day (and up to 30 more finishing its workflows) needs far fewer; more means a runaway model. */
const MAX_EVENTS = 2_000_000;

describe('INV-01 to INV-10 over generated scenarios', () => {
  it('the run finds no violation, and the independent checks agree', () => {
    fc.assert(
      fc.property(studyArbitrary, (study) => {
        const scenario = studyScenario(study);
        let samples: TopologySample[] = [];
        const run = simulateRun(scenario, { runIndex: study.runIndex, maxEvents: MAX_EVENTS, observe: (driver) => (samples = recordTopology(driver)) });
        expect(checkInvariants(run)).toEqual([]);
        expect(independentProblems(run, samples)).toEqual([]);
        // The summary the result is built from carries no violation either.
        expect(summarizeRun(run).violations).toEqual([]);
      }),
      replayParameters(Number(process.env.FC_RUNS ?? 300)),
    );
  });
});
