/**
 * `drsim report INPUT -o FILE.html`: a self-contained HTML report (d3 inlined,
 * opens offline) from a saved run bundle (`drsim run --save`), a bare Result
 * (`drsim run --json`), a sweep (`drsim sweep --json`) or a sizing result
 * (`drsim size --json`). Also the `--report` / `--save` options of run, sweep
 * and size, which write the same reports straight after the study.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Study } from '../../analysis/monte-carlo.js';
import type { SizingResult } from '../../analysis/sizing.js';
import type { SweepResult } from '../../analysis/sweep.js';
import type { Scenario } from '../../scenarios/index.js';
import {
  ReportInputError,
  reportDocumentFromJson,
  writeReport,
  writeRunOutputs,
  writeSizingReport,
  writeSweepReport,
  type ScenarioLabel,
} from '../../report/index.js';
import { UsageError } from '../errors.js';

export interface ReportFlags {
  report?: string;
  save?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('draw a self-contained HTML report (opens offline) from a saved run, result, sweep or sizing JSON')
    .argument('<input>', 'JSON from "drsim run --save FILE", "drsim run --json", "drsim sweep --json" or "drsim size --json"')
    .option('-o, --output <file>', 'the HTML file to write (default: the input with .html)')
    .action(async (input: string, flags: { output?: string }) => {
      const text = await readFile(input, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${input}: ${error.code ?? error.message}`);
      });
      let document;
      try {
        document = reportDocumentFromJson(text, input);
      } catch (error) {
        if (error instanceof ReportInputError) throw new UsageError(error.message, error.details);
        throw error;
      }
      const output = flags.output ?? defaultOutput(input);
      await writeReport(output, document);
      announce('report', output);
      if (document.kind === 'run' && document.reportData === null) {
        process.stderr.write('note: a bare result has no run data; the timeline, RPO-over-time and CDF charts say so (save runs with "drsim run --save")\n');
      }
    });
}

/** `--report` (and `--save` for run) on a command that runs studies. */
export function addReportOptions(command: Command, options: { save: boolean }): Command {
  command.option('--report <file>', 'also write a self-contained HTML report (d3, opens offline)');
  if (options.save) command.option('--save <file>', 'also save the result with its report data as JSON, for "drsim report"');
  return command;
}

export async function writeRunReports(study: Study, flags: ReportFlags, scenarioWarnings: readonly string[]): Promise<void> {
  await writeRunOutputs(study, { report: flags.report, save: flags.save, scenarioWarnings });
  if (flags.save) announce('saved', flags.save);
  if (flags.report) announce('report', flags.report);
}

export async function writeSweepReports(sweep: SweepResult, flags: ReportFlags, scenario: Scenario): Promise<void> {
  if (!flags.report) return;
  await writeSweepReport(flags.report, sweep, scenarioLabel(scenario));
  announce('report', flags.report);
}

export async function writeSizingReports(sizing: SizingResult, flags: ReportFlags, scenario: Scenario): Promise<void> {
  if (!flags.report) return;
  await writeSizingReport(flags.report, sizing, scenarioLabel(scenario));
  announce('report', flags.report);
}

function scenarioLabel(scenario: Scenario): ScenarioLabel {
  return { name: scenario.metadata.name, description: scenario.metadata.description || null };
}

function defaultOutput(input: string): string {
  return /\.json$/i.test(input) ? input.replace(/\.json$/i, '.html') : `${input}.html`;
}

/** On stderr, so that --json keeps stdout for the result alone. */
function announce(what: string, path: string): void {
  process.stderr.write(`${what}: ${path}\n`);
}
