/**
 * The scenario a request names: inline object, YAML/JSON text, or a bundled
 * library scenario. Each becomes a stored form (kept with a job, so the same
 * scenario is simulated after a restart) and a validated Scenario, or a 422
 * with every issue and its path (and line and column for text).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadScenario, parseScenarioObject, type Scenario, type ScenarioIssue, type ScenarioOverride } from '../scenarios/index.js';
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

/** Deeper documents are refused before validation walks them (a scenario is about 8 levels deep). */
export const MAX_SCENARIO_DEPTH = 64;

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
  if ('document' in stored && nestingDepthExceeds(stored.document, MAX_SCENARIO_DEPTH)) {
    throw invalidScenario([{ path: '', message: `the document is nested more than ${MAX_SCENARIO_DEPTH} levels deep` }]);
  }
  const loaded = 'text' in stored ? loadText(stored.text, overrides) : parseScenarioObject(stored.document, { overrides });
  if (!loaded.ok) throw invalidScenario(loaded.errors);
  return { stored, scenario: loaded.scenario, warnings: loaded.warnings };
}

/** The scenario as a plain document (what sweeps apply their grid values to); only after it has loaded. */
export function rawDocument(stored: StoredScenario): unknown {
  return 'text' in stored ? parseYaml(stored.text) : stored.document;
}

function loadText(text: string, overrides: readonly ScenarioOverride[]): ReturnType<typeof loadScenario> {
  try {
    return loadScenario(text, { overrides });
  } catch (error) {
    // The YAML parser recurses per nesting level: a pathological document overflows the stack.
    if (error instanceof RangeError) {
      return { ok: false, errors: [{ path: '', message: 'the document is nested too deeply to read' }] };
    }
    throw error;
  }
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

/** Iterative, so a hostile document cannot overflow the stack while being measured. */
export function nestingDepthExceeds(value: unknown, maximum: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maximum) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
