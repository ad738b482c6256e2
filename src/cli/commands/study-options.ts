/**
 * Options shared by the commands that run Monte Carlo studies (run, sweep,
 * size): --runs, --seed, --workers, --max-events, --json, and what they all
 * print besides their result.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { z } from 'zod';
import { boundedWorkers, defaultWorkers, type StudyOptions } from '../../analysis/monte-carlo.js';
import { MAX_RUNS } from '../../scenarios/index.js';

export interface StudyFlags {
  runs?: number;
  seed?: number;
  workers?: number;
  maxEvents?: number;
  json?: boolean;
}

export function integerOption(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*[-+]?\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** Collects a repeatable option (`--set a=1 --set b=2`). */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addStudyOptions(command: Command): Command {
  return command
    .option('--runs <n>', 'Monte Carlo runs (overrides spec.runs)', integerOption(1, MAX_RUNS))
    .option('--seed <n>', 'random seed (overrides spec.seed)', integerOption(0, Number.MAX_SAFE_INTEGER))
    .option('--workers <n>', `worker threads, at most the cores (default: the cores, here ${defaultWorkers()})`, integerOption(1, Number.MAX_SAFE_INTEGER))
    .option('--max-events <n>', 'engine events one run may execute before it stops with an error', integerOption(1, Number.MAX_SAFE_INTEGER))
    .option('--json', 'print the result as JSON on stdout and nothing else');
}

export function studyOptions(flags: StudyFlags): StudyOptions {
  return { runs: flags.runs, seed: flags.seed, workers: workersFlag(flags.workers), maxEventsPerRun: flags.maxEvents };
}

/** --workers bounded by the cores (the study bounds it again by its runs), with a warning when lowered. */
export function workersFlag(requested: number | undefined): number {
  if (requested === undefined) return defaultWorkers();
  const { workers, clamped } = boundedWorkers(requested);
  if (clamped) printWarnings([`--workers ${requested} is more than this machine's ${workers} cores; using ${workers}`]);
  return workers;
}

/**
 * Prints a value that must match its schema. A mismatch is a bug in drsim,
 * not bad input: it surfaces as an internal error rather than broken JSON.
 */
export function printJson<T>(schema: z.ZodType<T>, value: T, what: string): void {
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const first = checked.error.issues[0];
    throw new Error(`the ${what} does not match its schema at ${first?.path.join('.') || '(root)'}: ${first?.message}`);
  }
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
}
