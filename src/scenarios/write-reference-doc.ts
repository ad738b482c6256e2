/** Writes docs/scenario-reference.md: `npm run docs:scenario-reference` (runs from dist/src/scenarios). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderScenarioReference } from './reference-doc.js';

const referencePath = fileURLToPath(new URL('../../../docs/scenario-reference.md', import.meta.url));

writeFileSync(referencePath, renderScenarioReference());
console.log(`wrote ${referencePath}`);
