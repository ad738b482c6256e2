/**
 * Scenarios: the user-facing format (docs/scenario-reference.md), its units,
 * validation with positioned errors, defaults, overrides and reference.
 * Everything but loadScenarioFile and readScenarioFile (./files.js) is free of I/O.
 */
export {
  ScenarioSchema,
  SCENARIO_API_VERSION,
  SCENARIO_KIND,
  DISASTER_KINDS,
  type Scenario,
  type ScenarioInput,
  type ScenarioSpec,
} from './schema/scenario.js';
export { TimingsSchema, type Timings, type TimingsInput } from './schema/timings.js';
export { WriteProfileSchema, meanBytesPerSecond, type WriteProfile, type WriteProfileInput } from './schema/write-profile.js';
export { loadScenario, parseScenarioObject, readScenarioDocument, type LoadOptions, type ScenarioLoadResult } from './load.js';
export { loadScenarioFile, readScenarioFile } from './files.js';
export { formatIssues, formatIssue, formatPath, type ScenarioIssue, type PathSegment } from './issues.js';
export { applyOverrides, parseOverridePath, type ScenarioOverride, type OverrideResult } from './overrides.js';
export { scenarioJsonSchema } from './json-schema.js';
export { renderScenarioReference } from './reference-doc.js';
export type { ScenarioFormat } from './source-text.js';
export * from './limits.js';
export { MAX_DOCUMENT_DEPTH, checkedValue, documentValue, expandedSize, nestingDepthExceeds, parseYamlValue, yamlNestingProblem } from './document-limits.js';
export { parseDuration, formatDuration, DURATION_EXPECTED } from './units/duration.js';
export { parseQuantity, formatQuantity, SIZE_EXPECTED } from './units/quantity.js';
export {
  parseDataRate,
  parseBandwidth,
  parseEventRate,
  formatDataRate,
  formatBandwidth,
  DATA_RATE_EXPECTED,
  BANDWIDTH_EXPECTED,
  EVENT_RATE_EXPECTED,
} from './units/rates.js';
export { parseSchedulingInterval, SCHEDULING_INTERVAL_EXPECTED } from './units/scheduling-interval.js';
export type { UnitResult } from './units/result.js';
