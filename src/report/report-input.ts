/**
 * What `drsim report` accepts: a run bundle ({result, reportData}, from
 * `drsim run --save`), a bare Result (`drsim run --json`), a sweep result
 * (`drsim sweep --json`) or a sizing result (`drsim size --json`). The shape
 * says which; the matching schema then checks it all.
 */
import type { z } from 'zod';
import { RunBundleSchema } from '../analysis/report-data.js';
import { ResultSchema } from '../analysis/result-schema.js';
import { SizingResultSchema } from '../analysis/sizing.js';
import { SweepResultSchema } from '../analysis/sweep.js';
import { DRSIM_VERSION } from '../version.js';
import type { ReportDocument } from './document.js';

/** The input is not something a report can be drawn from; `details` says what is wrong where. */
export class ReportInputError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/** Most schema problems listed. */
const MAX_LISTED_ISSUES = 12;

export function reportDocumentFromJson(text: string, source: string): ReportDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReportInputError(`${source}: expected a JSON object (a drsim result, run bundle, sweep or sizing result)`);
  }
  const keys = new Set(Object.keys(value));
  if (keys.has('result') && keys.has('reportData')) {
    const bundle = check(RunBundleSchema, value, source, 'run bundle (drsim run --save)');
    return { kind: 'run', drsimVersion: DRSIM_VERSION, result: bundle.result, reportData: bundle.reportData };
  }
  if (keys.has('axes') && keys.has('rows')) {
    return { kind: 'sweep', drsimVersion: DRSIM_VERSION, scenario: null, sweep: check(SweepResultSchema, value, source, 'sweep result') };
  }
  if (keys.has('tried') && keys.has('field')) {
    return { kind: 'sizing', drsimVersion: DRSIM_VERSION, scenario: null, sizing: check(SizingResultSchema, value, source, 'sizing result') };
  }
  if (keys.has('drsimVersion') && keys.has('summary')) {
    return { kind: 'run', drsimVersion: DRSIM_VERSION, result: check(ResultSchema, value, source, 'result'), reportData: null };
  }
  throw new ReportInputError(
    `${source}: not a drsim result, run bundle, sweep or sizing result`,
    ['expected the output of "drsim run --json", "drsim run --save FILE", "drsim sweep --json" or "drsim size --json"'],
  );
}

function check<T extends z.ZodType>(schema: T, value: unknown, source: string, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  if (issues.length > listed.length) listed.push(`... and ${issues.length - listed.length} more`);
  throw new ReportInputError(`${source}: not a valid ${what}`, listed);
}
