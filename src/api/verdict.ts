/**
 * Whether a result passes, as the CLI decides its exit code: objectives met
 * (or none set) and no invariant violated is a pass (exit 0); anything else
 * is a finding (exit 1).
 */
import { z } from 'zod';
import { ObjectiveResultSchema, type Result } from '../analysis/result-schema.js';

export const VerdictSchema = z
  .object({
    passed: z.boolean().describe('Objectives met (or none set) and no invariant violated: `drsim run` exits 0 exactly then'),
    objectives: z.enum(['met', 'breached', 'none']).describe('none: the scenario sets no spec.objectives'),
    breached: z.array(ObjectiveResultSchema).describe('The objectives not met at their percentile'),
    invariantViolations: z.int().min(0),
  })
  .describe('Objectives met or breached, and invariants');
export type Verdict = z.infer<typeof VerdictSchema>;

export function verdictOf(result: Result): Verdict {
  const objectives = result.objectives ?? [];
  const breached = objectives.filter((objective) => !objective.met);
  const invariantViolations = result.invariantViolations.length;
  return {
    passed: breached.length === 0 && invariantViolations === 0,
    objectives: objectives.length === 0 ? 'none' : breached.length === 0 ? 'met' : 'breached',
    breached,
    invariantViolations,
  };
}
