/**
 * Loading a scenario for a command: from a file path or a bundled scenario
 * name, with `--set PATH=VALUE` overrides and `--seed` / `--runs`, reporting
 * every problem at once as a UsageError (exit 2).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  MAX_SCENARIO_BYTES,
  formatIssue,
  formatIssues,
  loadScenario,
  parseScenarioObject,
  type Scenario,
  type ScenarioOverride,
} from '../scenarios/index.js';
import { bundledScenarioPath } from './paths.js';
import { UsageError } from './errors.js';

export interface LoadedScenario {
  scenario: Scenario;
  warnings: string[];
  /** The raw document (for sweeps, which re-apply overrides per grid point). */
  raw: unknown;
  filename: string;
}

/** A path, or the name of a scenario in the bundled library (`regional-5m-vms`). */
export function resolveScenarioPath(reference: string): string {
  if (existsSync(reference)) return reference;
  const bundled = bundledScenarioPath(reference);
  if (bundled) return bundled;
  throw new UsageError(`scenario not found: ${reference} (expected a file path or a bundled scenario name; see "drsim run --list")`);
}

export async function readScenarioText(reference: string): Promise<{ text: string; filename: string }> {
  const filename = resolveScenarioPath(reference);
  const text = await readFile(filename, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${filename}: ${error.code ?? error.message}`);
  });
  if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) {
    throw new UsageError(`${filename}: the scenario is larger than the ${MAX_SCENARIO_BYTES} byte limit`);
  }
  return { text, filename };
}

/** Parses `PATH=VALUE` (as given to --set) into an override. */
export function parseSetOption(assignment: string): ScenarioOverride {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new UsageError(`--set expects PATH=VALUE, got "${assignment}"`);
  return { path: assignment.slice(0, equals), value: assignment.slice(equals + 1) };
}

export async function loadScenarioReference(reference: string, overrides: readonly ScenarioOverride[] = []): Promise<LoadedScenario> {
  const { text, filename } = await readScenarioText(reference);
  const format = extname(filename).toLowerCase() === '.json' ? 'json' : 'yaml';
  // Loading from the text keeps line and column in every issue; overridden fields are marked as such.
  const loaded = loadScenario(text, { filename, format, overrides });
  if (!loaded.ok) throw new UsageError(`${filename}: invalid scenario`, formatIssues(loaded.errors, filename).split('\n'));
  return { scenario: loaded.scenario, warnings: loaded.warnings.map((issue) => formatIssue(issue, filename)), raw: parseRaw(text, format), filename };
}

/** Applies overrides to a raw document and validates the result. */
export function validateRaw(raw: unknown, overrides: readonly ScenarioOverride[], filename: string): LoadedScenario {
  const loaded = parseScenarioObject(raw, { overrides });
  if (!loaded.ok) throw new UsageError(`${filename}: invalid scenario`, formatIssues(loaded.errors, filename).split('\n'));
  return { scenario: loaded.scenario, warnings: loaded.warnings.map((issue) => formatIssue(issue, filename)), raw, filename };
}

function parseRaw(text: string, format: 'json' | 'yaml'): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`cannot parse the scenario: ${(error as Error).message}`);
  }
}

