/**
 * What one report page draws: a run (the Result, with its report data when
 * the runs are at hand), a sweep, or a sizing search. Embedded in the page as
 * JSON; the page's script reads it with these types.
 */
import type { Result } from '../analysis/result-schema.js';
import type { ReportData } from '../analysis/report-data.js';
import type { SweepResult } from '../analysis/sweep.js';
import type { SizingResult } from '../analysis/sizing.js';

/** The scenario a sweep or sizing varied, when the command knew it. */
export interface ScenarioLabel {
  name: string;
  description: string | null;
}

export type ReportDocument = { drsimVersion: string } & (
  | {
      kind: 'run';
      result: Result;
      /** Null when only a bare Result was given: charts that need run data say so. */
      reportData: ReportData | null;
    }
  | { kind: 'sweep'; scenario: ScenarioLabel | null; sweep: SweepResult }
  | { kind: 'sizing'; scenario: ScenarioLabel | null; sizing: SizingResult }
);

export type ReportKind = ReportDocument['kind'];
