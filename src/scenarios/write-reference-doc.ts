/** Writes docs/scenario-reference.md (run from the repository root: npm run docs:scenario-reference). */
import { writeFileSync } from 'node:fs';
import { renderScenarioReference } from './reference-doc.js';

const SCENARIO_REFERENCE_PATH = 'docs/scenario-reference.md';

writeFileSync(SCENARIO_REFERENCE_PATH, renderScenarioReference());
console.log(`wrote ${SCENARIO_REFERENCE_PATH}`);
