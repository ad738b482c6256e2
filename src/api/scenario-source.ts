/**
 * The scenario a request names: inline object, YAML/JSON text, or a bundled
 * library scenario. Each becomes a stored form (kept with a job, so the same
 * scenario is simulated after a restart) and a validated Scenario, or a 422
 * with every issue and its path (and line and column for text).
 */
import { readFileSync } from 'node:fs';
import { loadScenario, parseScenarioObject, readScenarioDocument, type Scenario, type ScenarioIssue, type ScenarioOverride } from '../scenarios/index.js';
import { bundledScenarioNames, bundledScenarioPath } from '../cli/paths.js';
import { invalidScenario } from './errors.js';
import type { ScenarioSource } from './schemas/requests.js';

/** What a job keeps of its scenario: the text as sent (positions survive) or the object. */
export type StoredScenario = { text: string } | { document: Record<string, unknown> };

export interface ResolvedScenario {
  stored: StoredScenario;
  scenario: Scenario;
  warnings: ScenarioIssue[];
}

export function storedScenarioOf(source: ScenarioSource): StoredScenario {
  if (source.scenarioName !== undefined) return { text: bundledScenarioText(source.scenarioName) };
  if (typeof source.scenario === 'string') return { text: source.scenario };
  return { document: source.scenario ?? {} };
}

export function resolveScenario(source: ScenarioSource): ResolvedScenario {
  return loadStoredScenario(storedScenarioOf(source));
}

/** Validates a stored scenario (with `overrides` applied first); throws a 422 ApiError listing every issue. */
export function loadStoredScenario(stored: StoredScenario, overrides: readonly ScenarioOverride[] = []): ResolvedScenario {
  const loaded = 'text' in stored ? loadScenario(stored.text, { overrides }) : parseScenarioObject(stored.document, { overrides });
  if (!loaded.ok) throw invalidScenario(loaded.errors);
  return { stored, scenario: loaded.scenario, warnings: loaded.warnings };
}

/** The scenario as a plain document (what sweeps apply their grid values to); only after it has loaded. */
export function rawDocument(stored: StoredScenario): unknown {
  if (!('text' in stored)) return stored.document;
  const read = readScenarioDocument(stored.text);
  if (!read.ok) throw invalidScenario(read.errors);
  return read.value;
}

function bundledScenarioText(name: string): string {
  const path = bundledScenarioNames().includes(name) ? bundledScenarioPath(name) : undefined;
  if (!path) {
    throw invalidScenario([
      { path: 'scenarioName', value: name, message: `no bundled scenario is named ${JSON.stringify(name)}`, expected: 'a name listed by GET /v1/scenarios' },
    ]);
  }
  return readFileSync(path, 'utf8');
}
