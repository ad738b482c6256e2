/** POST /v1/simulations as work: one Monte Carlo study and its verdict. */
import { z } from 'zod';
import { runStudy } from '../../analysis/monte-carlo.js';
import { ResultSchema } from '../../analysis/result-schema.js';
import type { ApiConfig } from '../config.js';
import { loadStoredScenario, storedScenarioOf } from '../scenario-source.js';
import { IssueSchema } from '../schemas/errors.js';
import type { SimulationRequest } from '../schemas/requests.js';
import { VerdictSchema, verdictOf } from '../verdict.js';
import { checkRequestEvents, checkRequestMemory, checkStudyLimits } from './limits.js';
import { StoredRunSettingsSchema, StoredScenarioSchema } from './stored.js';
import { apiStudyOptions } from './study-options.js';
import type { Work } from './types.js';

export const SimulationOutputSchema = z
  .strictObject({
    kind: z.literal('simulation'),
    result: ResultSchema,
    verdict: VerdictSchema,
    warnings: z.array(IssueSchema).describe('Scenario warnings (suspicious but valid input)'),
  })
  .describe('A simulation: the result contract and its verdict');
export type SimulationOutput = z.infer<typeof SimulationOutputSchema>;

const StoredSimulationSchema = z.strictObject({ scenario: StoredScenarioSchema, ...StoredRunSettingsSchema });
type StoredSimulation = z.infer<typeof StoredSimulationSchema>;

export function simulationRequestOf(body: SimulationRequest): StoredSimulation {
  return { scenario: storedScenarioOf(body), runs: body.runs, seed: body.seed };
}

export function simulationWork(config: ApiConfig) {
  return (request: unknown): Work<SimulationOutput> => {
    const stored = StoredSimulationSchema.parse(request);
    const { scenario, warnings } = loadStoredScenario(stored.scenario);
    const size = checkStudyLimits(scenario, stored.runs, config);
    checkRequestEvents(size.estimatedEvents, config);
    checkRequestMemory(size.estimatedMemoryBytes, config);
    return {
      kind: 'simulation',
      request: stored,
      estimatedEvents: size.estimatedEvents,
      totalRuns: size.runs,
      async run(control) {
        const study = await runStudy(scenario, apiStudyOptions(config, stored, control));
        return { kind: 'simulation', result: study.result, verdict: verdictOf(study.result), warnings };
      },
    };
  };
}
