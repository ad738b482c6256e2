/**
 * How schema code reports a problem: a zod custom issue carrying what was
 * expected and, optionally, what exactly is wrong, so the loader can render
 * "got X (detail), expected Y" with the value's position in the file.
 */
import type { z } from 'zod';
import { describeProblem } from '../issues.js';

export interface Problem {
  expected: string;
  detail?: string;
  /** Relative to the schema reporting it. */
  path?: PropertyKey[];
  value: unknown;
}

type IssueSink = Pick<z.core.$RefinementCtx, 'addIssue'>;

export function reportProblem(ctx: IssueSink, problem: Problem): void {
  ctx.addIssue({
    code: 'custom',
    message: describeProblem(problem.value, problem.expected, problem.detail),
    input: problem.value,
    path: problem.path ?? [],
    params: { expected: problem.expected, detail: problem.detail },
  });
}
