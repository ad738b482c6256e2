/**
 * Reports: one self-contained HTML file per run, sweep or sizing search,
 * drawn with d3 in the page. The commands call these; nothing here runs a
 * simulation except the one representative run a run report re-simulates.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildReportData, type RunBundle } from '../analysis/report-data.js';
import type { Study } from '../analysis/monte-carlo.js';
import type { SizingResult } from '../analysis/sizing.js';
import type { SweepResult } from '../analysis/sweep.js';
import { DRSIM_VERSION } from '../version.js';
import type { ReportDocument, ScenarioLabel } from './document.js';
import { renderReportHtml } from './html.js';

export { renderReportHtml, reportTitle } from './html.js';
export { reportDocumentFromJson, ReportInputError } from './report-input.js';
export type { ReportDocument, ReportKind, ScenarioLabel } from './document.js';

export async function writeReport(path: string, document: ReportDocument): Promise<void> {
  await writeText(path, renderReportHtml(document));
}

export interface RunOutputs {
  /** The HTML report to write. */
  report?: string;
  /** The run bundle ({result, reportData}) to write, for `drsim report` later. */
  save?: string;
  /** The loader's warnings about the scenario. */
  scenarioWarnings?: readonly string[];
}

/** After `drsim run`: the report and/or the saved bundle, sharing one build of the report data. */
export async function writeRunOutputs(study: Study, outputs: RunOutputs): Promise<void> {
  if (!outputs.report && !outputs.save) return;
  const reportData = buildReportData(study, { scenarioWarnings: outputs.scenarioWarnings });
  if (outputs.save) {
    const bundle: RunBundle = { result: study.result, reportData };
    await writeText(outputs.save, `${JSON.stringify(bundle)}\n`);
  }
  if (outputs.report) await writeReport(outputs.report, { kind: 'run', drsimVersion: DRSIM_VERSION, result: study.result, reportData });
}

export async function writeSweepReport(path: string, sweep: SweepResult, scenario: ScenarioLabel | null = null): Promise<void> {
  await writeReport(path, { kind: 'sweep', drsimVersion: DRSIM_VERSION, scenario, sweep });
}

export async function writeSizingReport(path: string, sizing: SizingResult, scenario: ScenarioLabel | null = null): Promise<void> {
  await writeReport(path, { kind: 'sizing', drsimVersion: DRSIM_VERSION, scenario, sizing });
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}
