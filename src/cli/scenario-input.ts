/**
 * Loading a scenario for a command: from a file path or a bundled scenario
 * name, with `--set PATH=VALUE` overrides and `--seed` / `--runs`, reporting
 * every problem at once as a UsageError (exit 2).
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import {
  formatIssue,
  formatIssues,
  loadScenario,
  readScenarioDocument,
  readScenarioFile,
  type Scenario,
  type ScenarioOverride,
} from '../scenarios/index.js';
import { bundledScenarioPath } from './paths.js';
import { UsageError } from './errors.js';

export interface LoadedScenario {
  scenario: Scenario;
  warnings: string[];
  /** The file's text, for commands that need the raw document (see rawDocument). */
  text: string;
  filename: string;
}

/** A path, or the name of a scenario in the bundled library (`regional-5m-vms`). */
export function resolveScenarioPath(reference: string): string {
  if (existsSync(reference)) return reference;
  const bundled = bundledScenarioPath(reference);
  if (bundled) return bundled;
  throw new UsageError(`scenario not found: ${reference} (expected a file path or a bundled scenario name; see "drsim run --list")`);
}

async function readScenarioText(reference: string): Promise<{ text: string; filename: string }> {
  const filename = resolveScenarioPath(reference);
  const read = await readScenarioFile(filename);
  if (!read.ok) throw new UsageError(`${filename}: cannot load the scenario`, formatIssues(read.errors, filename).split('\n'));
  return { text: read.text, filename };
}

/** Parses `PATH=VALUE` (as given to --set) into an override. */
export function parseSetOption(assignment: string): ScenarioOverride {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new UsageError(`--set expects PATH=VALUE, got "${assignment}"`);
  return { path: assignment.slice(0, equals), value: assignment.slice(equals + 1) };
}

export async function loadScenarioReference(reference: string, overrides: readonly ScenarioOverride[] = []): Promise<LoadedScenario> {
  const { text, filename } = await readScenarioText(reference);
  // Loading from the text keeps line and column in every issue; overridden fields are marked as such.
  const loaded = loadScenario(text, { filename, format: formatOf(filename), overrides });
  if (!loaded.ok) throw new UsageError(`${filename}: invalid scenario`, formatIssues(loaded.errors, filename).split('\n'));
  return { scenario: loaded.scenario, warnings: loaded.warnings.map((issue) => formatIssue(issue, filename)), text, filename };
}

/** The scenario as a plain document, before validation (a sweep re-applies overrides to it per grid point). */
export function rawDocument(loaded: LoadedScenario): unknown {
  const read = readScenarioDocument(loaded.text, { filename: loaded.filename, format: formatOf(loaded.filename) });
  if (!read.ok) throw new UsageError(`${loaded.filename}: invalid scenario`, formatIssues(read.errors, loaded.filename).split('\n'));
  return read.value;
}

function formatOf(filename: string): 'json' | 'yaml' {
  return extname(filename).toLowerCase() === '.json' ? 'json' : 'yaml';
}
