/** `drsim size SCENARIO --for interval|bandwidth`: the cheapest setting that meets the objectives. */
import { Option, type Command } from 'commander';
import { parseBandwidth, parseDuration, type UnitResult } from '../../scenarios/index.js';
import {
  SIZING_FIELDS,
  SizingInputError,
  SizingResultSchema,
  runSizing,
  type SizingField,
  type SizingRequest,
  type SizingResult,
} from '../../analysis/sizing.js';
import { EXIT_FINDINGS, UsageError } from '../errors.js';
import { progressBar } from '../format/progress.js';
import { renderSizingReport } from '../format/sizing-table.js';
import { loadScenarioReference, parseSetOption } from '../scenario-input.js';
import { addReportOptions, writeSizingReports, type ReportFlags } from './report.js';
import { addStudyOptions, printJson, printWarnings, repeatable, studyOptions, type StudyFlags } from './study-options.js';

interface SizeFlags extends StudyFlags, ReportFlags {
  for: SizingField;
  min?: string;
  max?: string;
  precision?: string;
  set?: string[];
}

export function registerSize(program: Command): void {
  const command = program
    .command('size')
    .description('find the longest schedulingInterval, or the least link bandwidth, meeting spec.objectives at their percentile')
    .argument('<scenario>', 'a scenario file (YAML or JSON) or a bundled scenario name, with spec.objectives')
    .addOption(new Option('--for <field>', 'what to size').choices(SIZING_FIELDS).makeOptionMandatory())
    .option('--min <value>', 'low end of the range: a duration (default 1m) or a bandwidth (default 10Mbps)')
    .option('--max <value>', 'high end of the range: a duration (default 24h) or a bandwidth (default 100Gbps)')
    .option('--precision <fraction>', 'bandwidth: relative step of the candidate grid, e.g. 2% or 0.02 (default 2%)')
    .option('--set <path=value>', 'set a scenario field first (repeatable)', repeatable);
  addReportOptions(addStudyOptions(command), { save: false }).action(async (reference: string, flags: SizeFlags) => {
    const request = sizingRequest(flags);
    const loaded = await loadScenarioReference(reference, (flags.set ?? []).map(parseSetOption));
    printWarnings(loaded.warnings);
    const options = studyOptions(flags);
    const progress = progressBar(1, `size ${flags.for}`);
    let sizing: SizingResult;
    try {
      sizing = await runSizing(loaded.scenario, request, {
        ...options,
        onProgress: (completed, bound) => progress.update(completed, bound),
      });
    } catch (error) {
      if (error instanceof SizingInputError) throw new UsageError(`${error.path}: ${error.message}`);
      throw error;
    } finally {
      progress.stop();
    }
    if (flags.json) printJson(SizingResultSchema, sizing, 'sizing result');
    else process.stdout.write(renderSizingReport(sizing, loaded.scenario.metadata.name));
    await writeSizingReports(sizing, flags, loaded.scenario);
    if (sizing.answer === null || sizing.tried.some((point) => point.invariantViolations > 0)) process.exitCode = EXIT_FINDINGS;
  });
}

function sizingRequest(flags: SizeFlags): SizingRequest {
  const parse = flags.for === 'interval' ? parseDuration : parseBandwidth;
  const bound = (option: 'min' | 'max'): number | undefined => {
    const text = flags[option];
    if (text === undefined) return undefined;
    const value = checked(parse(text), `--${option}`, text);
    if (value <= 0) throw new UsageError(`--${option}: must be greater than zero, got "${text}"`);
    return value;
  };
  return { field: flags.for, min: bound('min'), max: bound('max'), precision: precision(flags) };
}

function precision(flags: SizeFlags): number | undefined {
  if (flags.precision === undefined) return undefined;
  if (flags.for !== 'bandwidth') throw new UsageError('--precision applies to --for bandwidth (intervals are whole minutes)');
  const text = flags.precision.trim();
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(value > 0 && value <= 1)) throw new UsageError(`--precision: expected a fraction such as 2% or 0.02, got "${flags.precision}"`);
  return value;
}

function checked(result: UnitResult, option: string, text: string): number {
  if (!result.ok) throw new UsageError(`${option}: cannot read "${text}": ${result.problem}`);
  return result.value;
}
