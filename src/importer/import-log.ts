/**
 * What an import reports beside the scenario: every value drsim had to assume
 * (with the scenario path it sits at, so the YAML output can comment it),
 * warnings about the manifests (stale or unknown fields, values that could
 * not be used) and notes about documents skipped as not DR-related.
 */
import { formatPath, type PathSegment } from '../scenarios/index.js';

export type ScenarioPath = readonly PathSegment[];

export interface Assumption {
  /** Where the assumed value sits in the scenario document, e.g. ['spec', 'links', 0, 'bandwidth']. */
  path: ScenarioPath;
  /** Why this value: what the manifests did not say. */
  note: string;
}

export class ImportLog {
  readonly assumptions: Assumption[] = [];
  readonly warnings: string[] = [];
  readonly notes: string[] = [];

  assume(path: ScenarioPath, note: string): void {
    this.assumptions.push({ path: [...path], note });
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  note(message: string): void {
    this.notes.push(message);
  }
}

/** `spec.links[0].bandwidth`, as scenario issues print paths. */
export function describePath(path: ScenarioPath): string {
  return formatPath(path);
}
