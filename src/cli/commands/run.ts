/** `drsim run SCENARIO`: a Monte Carlo study of one scenario, as a report or the result contract. */
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { runStudy } from '../../analysis/monte-carlo.js';
import { ResultSchema, type Result } from '../../analysis/result-schema.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { progressBar } from '../format/progress.js';
import { renderRunReport } from '../format/run-report.js';
import { renderTable } from '../format/table.js';
import { bundledScenarioNames, bundledScenarioPath } from '../paths.js';
import { loadScenarioReference, parseSetOption } from '../scenario-input.js';
import { addReportOptions, writeRunReports, type ReportFlags } from './report.js';
import { addStudyOptions, printJson, printWarnings, repeatable, studyOptions, type StudyFlags } from './study-options.js';

interface RunFlags extends StudyFlags, ReportFlags {
  set?: string[];
  list?: boolean;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('simulate a scenario: RPO, RTO, data loss as distributions over Monte Carlo runs, objectives, invariants')
    .argument('[scenario]', 'a scenario file (YAML or JSON) or a bundled scenario name')
    .option('--set <path=value>', 'set a scenario field, e.g. spec.drPolicy.schedulingInterval=15m (repeatable)', repeatable)
    .option('--list', 'list the bundled scenarios and exit');
  addReportOptions(addStudyOptions(command), { save: true }).action(async (reference: string | undefined, flags: RunFlags) => {
    if (flags.list) {
      process.stdout.write(renderScenarioList(flags.json === true));
      return;
    }
    if (reference === undefined) throw new UsageError('run needs a scenario: a file or a bundled name (drsim run --list)');
    const loaded = await loadScenarioReference(reference, (flags.set ?? []).map(parseSetOption));
    printWarnings(loaded.warnings);
    const options = studyOptions(flags);
    const totalRuns = options.runs ?? loaded.scenario.spec.runs;
    const progress = progressBar(totalRuns, loaded.scenario.metadata.name);
    const started = process.hrtime.bigint();
    const study = await runStudy(loaded.scenario, { ...options, onProgress: (completed, total) => progress.update(completed, total) }).finally(() => progress.stop());
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (flags.json) printJson(ResultSchema, study.result, 'result');
    else {
      const context = { description: loaded.scenario.metadata.description, elapsedSeconds, workers: Math.min(options.workers ?? 1, totalRuns) };
      process.stdout.write(renderRunReport(study.result, context));
    }
    await writeRunReports(study, flags, loaded.warnings);
    if (hasFindings(study.result)) process.exitCode = EXIT_FINDINGS;
  });
}

/** An objective breached or an invariant violated: exit 1. */
export function hasFindings(result: Result): boolean {
  return result.invariantViolations.length > 0 || (result.objectives ?? []).some((objective) => !objective.met);
}

interface BundledScenario {
  name: string;
  description: string;
}

function bundledScenarios(): BundledScenario[] {
  return bundledScenarioNames().map((name) => ({ name, description: describeBundled(bundledScenarioPath(name)!) }));
}

/** The scenario's metadata.description; listing never fails on one broken file. */
function describeBundled(path: string): string {
  try {
    const document = parseYaml(readFileSync(path, 'utf8')) as { metadata?: { description?: unknown } } | null;
    const description = document?.metadata?.description;
    return typeof description === 'string' ? description.trim() : '';
  } catch (error) {
    return `(unreadable: ${(error as Error).message.split('\n')[0]})`;
  }
}

function renderScenarioList(json: boolean): string {
  const scenarios = bundledScenarios();
  if (json) return `${JSON.stringify(scenarios, null, 2)}\n`;
  if (scenarios.length === 0) return 'no bundled scenarios found\n';
  return `${renderTable(['scenario', 'description'], scenarios.map((scenario) => [scenario.name, scenario.description]), { leftAligned: [0, 1], indent: '' })}\n`;
}
